"""A progress bar for a long management command: on a terminal only, so cron's mail and
redirected output stay clean."""

import sys

from tqdm import tqdm


def terminal_progress(items, total: int, unit: str):
    return tqdm(
        items,
        total=total,
        unit=f" {unit}",
        file=sys.stderr,
        leave=False,
        disable=not sys.stderr.isatty(),
        mininterval=0.2,
    )
