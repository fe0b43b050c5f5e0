/**
 * Adam's element-wise update as a tiny WebAssembly SIMD function, four floats per instruction.
 *
 * Why: a scalar JS loop is bound by its three divisions and square root per weight and ends up
 * slower than tfjs' dozen SIMD kernels for variables over ~30k weights; one f32x4 pass does the
 * same float32 operations as tf.train.adam (so the same bits: wasm arithmetic is IEEE single
 * precision) in one sweep over memory. The module is assembled here byte by byte because it is
 * one loop and the project has no wasm toolchain.
 */

/** f32 scalars of one step, in tf.train.adam's terms. */
export interface AdamConstants {
  readonly b1: number;
  readonly b2: number;
  readonly c1: number;
  readonly c2: number;
  readonly bc1: number;
  readonly bc2: number;
  readonly eps: number;
  readonly negLr: number;
}

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const memarg = [4, 0]; // alignment 2^4, offset 0

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/**
 * adam(bytes, g, w, m, v, b1, b2, c1, c2, bc1, bc2, eps, negLr), pointers in bytes, `bytes` a
 * multiple of 16: m = m·b1 + g·c1; v = v·b2 + (g·g)·c2; w = w + ((m / bc1) / (sqrt(v / bc2) + eps))·negLr.
 */
function moduleBytes(): Uint8Array {
  const [BYTES, G, W, M, V] = [0, 1, 2, 3, 4];
  const I = 13; // loop offset
  const S = 14; // splatted constants b1, b2, c1, c2, bc1, bc2, eps, negLr: 14…21
  const [GI, MI, VI] = [22, 23, 24];
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const at = (p: number) => [...get(p), ...get(I), 0x6a]; // p + i
  const load = (p: number) => [...at(p), ...simd(0x00), ...memarg];
  const [mul, add, div, sqrt, splat, store] = [simd(230), simd(228), simd(231), simd(227), simd(0x13), [...simd(0x0b), ...memarg]];
  const body = [
    ...vec([
      [1, I32],
      [11, V128],
    ]),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((k) => [...get(5 + k), ...splat, ...set(S + k)]),
    ...[0x41, 0, ...set(I)],
    ...[0x02, 0x40, 0x03, 0x40],
    ...[...get(I), ...get(BYTES), 0x4f, 0x0d, 1], // i >= bytes → exit
    ...[...load(G), ...set(GI)],
    ...[...load(M), ...get(S), ...mul, ...get(GI), ...get(S + 2), ...mul, ...add, ...set(MI)],
    ...[...load(V), ...get(S + 1), ...mul, ...get(GI), ...get(GI), ...mul, ...get(S + 3), ...mul, ...add, ...set(VI)],
    ...[...at(M), ...get(MI), ...store, ...at(V), ...get(VI), ...store],
    ...at(W),
    ...load(W),
    ...[...get(MI), ...get(S + 4), ...div],
    ...[...get(VI), ...get(S + 5), ...div, ...sqrt, ...get(S + 6), ...add],
    ...[...div, ...get(S + 7), ...mul, ...add, ...store],
    ...[...get(I), 0x41, 16, 0x6a, ...set(I), 0x0c, 0],
    ...[0x0b, 0x0b, 0x0b],
  ];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32], ...Array.from({ length: 8 }, () => [F32])]), 0]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 1]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('adam'), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ];
  return Uint8Array.from(bytes);
}

/** The few WebAssembly APIs used here (the project's type libraries do not declare them). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

type AdamFn = (bytes: number, g: number, w: number, m: number, v: number, ...c: number[]) => void;

/** Holds m and v of every variable, and scratch for one gradient and one weight array, in its own memory. */
export class SimdAdam {
  private readonly fn: AdamFn;
  private readonly memory: WasmMemory;
  private readonly moments: { m: number; v: number }[];
  private readonly g: number;
  private readonly w: number;

  private constructor(fn: AdamFn, memory: WasmMemory, sizes: readonly number[]) {
    this.fn = fn;
    this.memory = memory;
    const padded = (n: number) => Math.ceil(n / 4) * 16;
    let top = 0;
    const alloc = (bytes: number) => ((top += bytes), top - bytes);
    this.moments = sizes.map((n) => ({ m: alloc(padded(n)), v: alloc(padded(n)) }));
    const largest = Math.max(0, ...sizes.map(padded));
    this.g = alloc(largest);
    this.w = alloc(largest);
    const pages = Math.ceil(top / 65536);
    if (pages > memory.buffer.byteLength / 65536) memory.grow(pages - memory.buffer.byteLength / 65536);
    // A fresh memory is zeroed: m and v start at 0, as in tf.train.adam.
  }

  /** undefined where WebAssembly SIMD is unavailable (the caller falls back to a JS loop). */
  static create(sizes: readonly number[]): SimdAdam | undefined {
    const bytes = moduleBytes();
    if (!wasm?.validate(bytes)) return undefined;
    const memory = new wasm.Memory({ initial: 1 });
    const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
    return new SimdAdam(instance.exports.adam as AdamFn, memory, sizes);
  }

  /** One step for variable k: reads g and w, updates its m and v, writes the new weights into `out`. */
  step(k: number, g: Float32Array, w: Float32Array, out: Float32Array, c: AdamConstants): void {
    const buffer = this.memory.buffer;
    new Float32Array(buffer, this.g, g.length).set(g);
    new Float32Array(buffer, this.w, w.length).set(w);
    const { m, v } = this.moments[k];
    this.fn(Math.ceil(g.length / 4) * 16, this.g, this.w, m, v, c.b1, c.b2, c.c1, c.c2, c.bc1, c.bc2, c.eps, c.negLr);
    out.set(new Float32Array(buffer, this.w, w.length));
  }
}
