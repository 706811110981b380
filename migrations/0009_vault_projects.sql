ALTER TABLE `secrets` ADD `service` text;--> statement-breakpoint
ALTER TABLE `secrets` ADD `category` text;--> statement-breakpoint
ALTER TABLE `secrets` ADD `description` text;--> statement-breakpoint
ALTER TABLE `secrets` ADD `key_id` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `priority` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `features` ADD `spec` text;--> statement-breakpoint
ALTER TABLE `features` ADD `estimated_hours` real;--> statement-breakpoint
ALTER TABLE `features` ADD `assigned_to` text;--> statement-breakpoint
ALTER TABLE `features` ADD `completed_at` integer;--> statement-breakpoint
ALTER TABLE `bugs` ADD `priority` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `features` SET `status` = 'draft' WHERE `status` = 'planned';--> statement-breakpoint
CREATE TABLE `work_item_prompts` (
	`prompt_id` integer PRIMARY KEY NOT NULL,
	`feature_id` integer,
	`bug_id` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`prompt_id`) REFERENCES `prompts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`bug_id`) REFERENCES `bugs`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "work_item_prompts_one_item" CHECK((`feature_id` IS NULL) <> (`bug_id` IS NULL))
);
--> statement-breakpoint
CREATE INDEX `work_item_prompts_feature_idx` ON `work_item_prompts` (`feature_id`);--> statement-breakpoint
CREATE INDEX `work_item_prompts_bug_idx` ON `work_item_prompts` (`bug_id`);--> statement-breakpoint
CREATE TABLE `legacy_imports` (
	`source` text NOT NULL,
	`legacy_id` text NOT NULL,
	`new_id` integer,
	`outcome` text NOT NULL,
	`imported_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`source`, `legacy_id`)
);
