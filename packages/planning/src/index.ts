export * from './milestones/commentSyntax';
export * from './milestones/commentScanner';
export * from './milestones/checklistScanner';
export * from './milestones/item';
export * from './milestones/trackedFiles';
export * from './milestones/scanProject';
export * from './milestones/report';
export * from './milestones/runScan';
