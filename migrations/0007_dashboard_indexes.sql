-- The dashboard's throughput chart and "today" counters read finished prompts by completion time.
CREATE INDEX `prompts_completed_idx` ON `prompts` (`completed_at`,`status`);
