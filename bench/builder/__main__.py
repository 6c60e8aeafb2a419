from bench.builder import main

main()
