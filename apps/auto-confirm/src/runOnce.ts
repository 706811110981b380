import type { AutoConfirmService } from './autoConfirmService';

/** How long one pass may spend on a session (a key, its ignore window, a verify, one re-press). */
const SESSION_BUDGET_MS = 5000;

/**
 * `--once`: take the lease (or do nothing if another instance holds it), look at every watched
 * session until it needs nothing more — dialogs answered and verified, or escalated — then
 * release the lease.
 */
export async function runOnce(service: AutoConfirmService): Promise<{ leader: boolean; sessions: number }> {
  const { lease } = service;
  await lease.beat();
  if (!lease.held) return { leader: false, sessions: 0 };
  try {
    await Promise.all(
      service.watched.map(async (s) => {
        const confirmer = service.confirmerFor(s);
        const deadline = Date.now() + SESSION_BUDGET_MS;
        for (;;) {
          const delay = await confirmer.step();
          if (delay === undefined || Date.now() + delay > deadline) return;
          await new Promise((r) => setTimeout(r, delay));
        }
      }),
    );
  } finally {
    await lease.stop();
  }
  return { leader: true, sessions: service.watched.length };
}
