"""Job alerts: any /jobs/ search as a daily or weekly email. Sits above jobs and salaries (it
reads their data); no domain app imports it."""
