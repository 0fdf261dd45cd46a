/**
 * A terminal's input that hangs up once `gone()` says so, as Node sees one before it has read the
 * hang-up: Node's own tty setRawMode over a handle whose mode change then fails with EIO (a mode
 * the terminal is in already is no call, as libuv's). Node emits that failure as an 'error' on the
 * stream, thrown for want of a listener. `failures` lists the modes refused. `readFails()` is the
 * moment after it closed, before the hang-up is done, when a read of it fails with EIO: Node
 * destroys the stream with that error (emitted a tick later, thrown for want of a listener).
 */
import { constants } from 'node:os';
import { PassThrough } from 'node:stream';
import { ReadStream } from 'node:tty';

export function hungUpTty(gone: () => boolean) {
  const failures: Array<'raw' | 'cooked'> = [];
  const stream = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: false,
    _handle: {
      raw: false,
      setRawMode(raw: boolean) {
        if (raw === this.raw) return 0;
        if (gone()) return (failures.push(raw ? 'raw' : 'cooked'), -constants.errno.EIO);
        this.raw = raw;
        return 0;
      },
    },
    setRawMode: ReadStream.prototype.setRawMode,
  });
  const readFails = () => stream.destroy(Object.assign(new Error('read EIO'), { errno: -constants.errno.EIO, code: 'EIO', syscall: 'read' }));
  return { stream, failures, readFails };
}
