import { ValidationError } from '../errors';
import type { FileConfig } from './schema';

/** Where a prompt may go: the same fields for `architect send` and the dashboard's send form. */
export interface PromptRouting {
  target?: string;
  provider?: string;
  specialty?: string;
}

/** A prompt no configured session could ever take is refused now rather than left waiting forever. */
export function checkPromptRouting(file: FileConfig, opts: PromptRouting, source: string): void {
  const sessions = file.sessions;
  if (opts.target !== undefined) {
    const s = sessions.find((x) => x.name === opts.target);
    if (!s) {
      const known = sessions.map((x) => x.name).join(', ') || 'none configured';
      throw new ValidationError(`unknown target session "${opts.target}" (sessions: ${known})`);
    }
    if (opts.provider && s.provider !== opts.provider) {
      throw new ValidationError(`session "${s.name}" runs ${s.provider}, not ${opts.provider}`);
    }
    if (opts.specialty && !s.specialties.includes(opts.specialty)) {
      throw new ValidationError(`session "${s.name}" has no specialty "${opts.specialty}"`);
    }
  }
  if (opts.provider && !sessions.some((s) => s.provider === opts.provider)) {
    throw new ValidationError(`no configured session runs provider "${opts.provider}"`);
  }
  if (opts.specialty && !sessions.some((s) => s.specialties.includes(opts.specialty!) && (!opts.provider || s.provider === opts.provider))) {
    throw new ValidationError(`no configured session has specialty "${opts.specialty}"${opts.provider ? ` with provider ${opts.provider}` : ''}`);
  }
  if (opts.target !== undefined && source === `session:${opts.target}`) {
    throw new ValidationError(`a session cannot send a prompt to itself ("${opts.target}")`);
  }
}
