-- Issue #8: process truth and stuck-session alerts.
-- sessions: state gains 'exited' (the agent process is gone, its pane shows a shell); the
-- process check's own evidence (process_state, process_at, foreground). SQLite cannot alter a
-- CHECK constraint, so the table is rebuilt (nothing references sessions by foreign key).
CREATE TABLE `__new_sessions` (
	`name` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`role` text DEFAULT 'worker' NOT NULL,
	`specialties` text DEFAULT '[]' NOT NULL,
	`host` text,
	`cwd` text,
	`managed` integer DEFAULT true NOT NULL,
	`state` text DEFAULT 'unknown' NOT NULL,
	`state_source` text,
	`state_at` integer,
	`hook_state` text,
	`hook_state_at` integer,
	`hook_session_id` text,
	`screen_state` text,
	`screen_state_at` integer,
	`screen_hash` text,
	`process_state` text,
	`process_at` integer,
	`foreground` text,
	`permission` text,
	`current_prompt_id` integer,
	`last_activity` integer,
	`last_output` text,
	`completed_count` integer DEFAULT 0 NOT NULL,
	`failed_count` integer DEFAULT 0 NOT NULL,
	`success_rate` real DEFAULT 0 NOT NULL,
	`avg_completion_ms` integer DEFAULT 0 NOT NULL,
	`total_completion_ms` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	CONSTRAINT "sessions_state_check" CHECK("__new_sessions"."state" IN ('idle','busy','waiting_input','starting','gone','unknown','exited')),
	CONSTRAINT "sessions_process_state_check" CHECK("__new_sessions"."process_state" IS NULL OR "__new_sessions"."process_state" IN ('agent','exited'))
);
--> statement-breakpoint
INSERT INTO `__new_sessions` (`name`, `provider`, `role`, `specialties`, `host`, `cwd`, `managed`, `state`, `state_source`, `state_at`,
	`hook_state`, `hook_state_at`, `hook_session_id`, `screen_state`, `screen_state_at`, `screen_hash`, `permission`, `current_prompt_id`,
	`last_activity`, `last_output`, `completed_count`, `failed_count`, `success_rate`, `avg_completion_ms`, `total_completion_ms`, `created_at`, `updated_at`)
SELECT `name`, `provider`, `role`, `specialties`, `host`, `cwd`, `managed`, `state`, `state_source`, `state_at`,
	`hook_state`, `hook_state_at`, `hook_session_id`, `screen_state`, `screen_state_at`, `screen_hash`, `permission`, `current_prompt_id`,
	`last_activity`, `last_output`, `completed_count`, `failed_count`, `success_rate`, `avg_completion_ms`, `total_completion_ms`, `created_at`, `updated_at`
FROM `sessions`;
--> statement-breakpoint
DROP TABLE `sessions`;
--> statement-breakpoint
ALTER TABLE `__new_sessions` RENAME TO `sessions`;
--> statement-breakpoint
CREATE INDEX `sessions_state_idx` ON `sessions` (`state`);
--> statement-breakpoint
-- alerts: one alert per episode of a session sitting in a state (session + state + since); the
-- unique index makes raising it idempotent across watcher restarts (INSERT OR IGNORE).
ALTER TABLE `alerts` ADD `episode` text;
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_episode_unique` ON `alerts` (`episode`) WHERE `episode` IS NOT NULL;
