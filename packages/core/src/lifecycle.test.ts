import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runDaemon, type Service } from './lifecycle';
import { silentLogger } from './logger';

function fakeProcess() {
  const proc = new EventEmitter() as EventEmitter & { send?: (m: unknown) => void; sent: unknown[] };
  proc.sent = [];
  proc.send = (m) => proc.sent.push(m);
  return proc;
}

function service(name: string, order: string[], stopMs = 0): Service {
  return {
    name,
    start: () => void order.push(`start ${name}`),
    stop: () => new Promise<void>((r) => setTimeout(() => (order.push(`stop ${name}`), r()), stopMs)),
  };
}

describe('runDaemon', () => {
  it('starts in order, says ready, and stops in reverse on the first signal', async () => {
    const order: string[] = [];
    const proc = fakeProcess();
    const exits: number[] = [];
    await runDaemon({
      name: 't',
      log: silentLogger(),
      services: [service('a', order), service('b', order)],
      deadlineMs: 1000,
      proc: proc as unknown as NodeJS.Process,
      exit: (c) => exits.push(c),
    });
    expect(proc.sent).toEqual(['ready']);
    proc.emit('SIGINT', 'SIGINT');
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(exits).toEqual([0]);
  });

  it('exits at once on a second signal and with 1 when the deadline passes', async () => {
    const order: string[] = [];
    const proc = fakeProcess();
    const exits: number[] = [];
    await runDaemon({
      name: 't',
      log: silentLogger(),
      services: [service('slow', order, 500)],
      deadlineMs: 50,
      proc: proc as unknown as NodeJS.Process,
      exit: (c) => exits.push(c),
    });
    proc.emit('SIGTERM', 'SIGTERM');
    proc.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([130]);
    await new Promise((r) => setTimeout(r, 100));
    expect(exits).toEqual([130, 1]);
  });

  it('crashes on an unhandled rejection so PM2 restarts the process', async () => {
    const proc = fakeProcess();
    const exits: number[] = [];
    await runDaemon({ name: 't', log: silentLogger(), services: [], deadlineMs: 50, proc: proc as unknown as NodeJS.Process, exit: (c) => exits.push(c) });
    proc.emit('unhandledRejection', new Error('lost promise'));
    expect(exits).toEqual([1]);
  });
});
