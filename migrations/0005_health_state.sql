CREATE TABLE `health_state` (
	`check_name` text PRIMARY KEY NOT NULL,
	`state` text DEFAULT 'up' NOT NULL,
	`critical` integer DEFAULT false NOT NULL,
	`last_status` text NOT NULL,
	`last_message` text,
	`last_value` real,
	`last_details` text,
	`fail_streak` integer DEFAULT 0 NOT NULL,
	`ok_streak` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`changed_at` integer NOT NULL,
	`checked_at` integer NOT NULL,
	CONSTRAINT "health_state_state_check" CHECK("health_state"."state" IN ('up','down')),
	CONSTRAINT "health_state_status_check" CHECK("health_state"."last_status" IN ('ok','warn','fail'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outages_one_open_idx` ON `outages` (`check_name`) WHERE `ended_at` IS NULL;
