ALTER TABLE `plans` ADD `source` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `blocked_reason` text;--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `step_key` text NOT NULL DEFAULT '';--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `depends_on` text NOT NULL DEFAULT '[]';--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `target_session` text;--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `target_provider` text;--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `required_specialty` text;--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `verify` text;--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `verify_task_id` integer;--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `attempts` integer NOT NULL DEFAULT 0;--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `max_attempts` integer NOT NULL DEFAULT 3;--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `last_failure` text;--> statement-breakpoint
ALTER TABLE `plan_steps` ADD `updated_at` integer NOT NULL DEFAULT 0;--> statement-breakpoint
CREATE INDEX `plan_steps_status_idx` ON `plan_steps` (`status`);--> statement-breakpoint
CREATE TABLE `milestone_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`signature` text NOT NULL,
	`kind` text NOT NULL,
	`tag` text NOT NULL,
	`text` text NOT NULL,
	`file` text NOT NULL,
	`line` integer NOT NULL,
	`owner` text,
	`phase` text,
	`estimated_hours` real NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `milestone_items_signature_idx` ON `milestone_items` (`project_id`,`signature`);--> statement-breakpoint
ALTER TABLE `suggestions` ADD `updated_at` integer NOT NULL DEFAULT 0;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `decided_at` integer;
