/** Version reported in the worker registry; bundlers replace it, source runs read 'dev'. */
declare const __ARCHITECT_VERSION__: string | undefined;
export const VERSION: string = typeof __ARCHITECT_VERSION__ === 'string' ? __ARCHITECT_VERSION__ : '0.1.0-dev';
