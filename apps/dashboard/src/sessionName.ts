import { z } from 'zod';

/** tmux session names Architect accepts (SPEC §3). */
export const sessionNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must match [A-Za-z0-9_.-]+');
