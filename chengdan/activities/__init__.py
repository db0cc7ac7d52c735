"""Activities: follow-ups (跟进记录), field visits (拜访) with check-in, tasks, reminders and the calendar."""
