import protobuf from "protobufjs/light.js";

/*
 * TensorBoard's Event protobuf, the fields a scalar reader needs, declared with protobufjs's
 * reflection API (field numbers from tensorflow/core/util/event.proto, framework/summary.proto,
 * framework/tensor.proto, framework/tensor_shape.proto). Unknown fields (graphs, images, histograms'
 * payloads) are skipped by the decoder.
 */
const {Root, Type, Field} = protobuf;

const root = new Root().define("tb")
  .add(new Type("Dim").add(new Field("size", 1, "int64")))
  .add(new Type("TensorShape").add(new Field("dim", 2, "Dim", "repeated")))
  .add(new Type("Tensor")
    .add(new Field("dtype", 1, "int32"))
    .add(new Field("tensorShape", 2, "TensorShape"))
    .add(new Field("tensorContent", 4, "bytes"))
    .add(new Field("floatVal", 5, "float", "repeated"))
    .add(new Field("doubleVal", 6, "double", "repeated"))
    .add(new Field("intVal", 7, "int32", "repeated"))
    .add(new Field("int64Val", 10, "int64", "repeated")))
  .add(new Type("PluginData").add(new Field("pluginName", 1, "string")))
  .add(new Type("SummaryMetadata").add(new Field("pluginData", 1, "PluginData")))
  .add(new Type("Value")
    .add(new Field("tag", 1, "string"))
    .add(new Field("simpleValue", 2, "float"))
    .add(new Field("histo", 5, "bytes"))
    .add(new Field("tensor", 8, "Tensor"))
    .add(new Field("metadata", 9, "SummaryMetadata")))
  .add(new Type("Summary").add(new Field("value", 1, "Value", "repeated")))
  .add(new Type("Event")
    .add(new Field("wallTime", 1, "double"))
    .add(new Field("step", 2, "int64"))
    .add(new Field("fileVersion", 3, "string"))
    .add(new Field("summary", 5, "Summary")));

/** The Event message type (exported for the fixture generator, which encodes with it). */
export const eventType = root.lookupType("tb.Event");

type Long = {toNumber(): number};
type TensorMsg = {dtype?: number; tensorShape?: {dim?: {size: number | Long}[]}; tensorContent?: Uint8Array; floatVal?: number[]; doubleVal?: number[]; intVal?: number[]; int64Val?: (number | Long)[]};
type ValueMsg = {tag?: string; simpleValue?: number; histo?: Uint8Array; tensor?: TensorMsg; metadata?: {pluginData?: {pluginName?: string}}};
type EventMsg = {wallTime?: number; step?: number | Long; fileVersion?: string; summary?: {value?: ValueMsg[]}};

/** One decoded event: its step and the values of its summary, by tag (only what is decoded). */
export interface TfEvent {
  readonly step: number;
  readonly wallTime: number;
  readonly values: readonly ValueMsg[];
}

const num = (x: number | Long | undefined) => (x === undefined ? 0 : typeof x === "number" ? x : x.toNumber());

/** Decodes one record's bytes as an Event; throws on bytes that are not one. */
export function decodeEvent(data: Uint8Array): TfEvent {
  const event = eventType.toObject(eventType.decode(data), {defaults: false}) as EventMsg;
  return {step: num(event.step), wallTime: event.wallTime ?? 0, values: event.summary?.value ?? []};
}

/** A float32 as the shortest decimal that reads back as the same float32 (0.15, not 0.15000000596046448), as TensorBoard shows it. */
export function shortestFloat32(x: number): number {
  if (!Number.isFinite(x)) return x;
  for (let digits = 1; digits < 9; ++digits) {
    const y = Number(x.toPrecision(digits));
    if (Math.fround(y) === x) return y;
  }
  return x;
}

/** DataType enum values of tensor.proto that a scalar can have. */
const dtypes = {float: 1, double: 2, int32: 3, int64: 9} as const;

/**
 * The number a summary value holds when it is a scalar (float32 values as their shortest decimal):
 * simple_value (TF1, PyTorch's SummaryWriter),
 * or a tensor of one element (TF2's tf.summary.scalar; float, double, int32 or int64, in the typed
 * field or packed in tensor_content). Undefined for anything else (histograms, images, text,
 * tensors of several elements).
 */
export function scalarOf(value: ValueMsg): number | undefined {
  if (value.simpleValue !== undefined) return shortestFloat32(value.simpleValue);
  const t = value.tensor;
  if (!t) return undefined;
  const elements = (t.tensorShape?.dim ?? []).reduce((n, d) => n * num(d.size), 1);
  if (elements !== 1) return undefined;
  const content = t.tensorContent, view = content && content.length ? new DataView(content.buffer, content.byteOffset, content.byteLength) : null;
  switch (t.dtype) {
    case dtypes.float: {
      const x = t.floatVal?.[0] ?? (view && view.byteLength >= 4 ? view.getFloat32(0, true) : undefined);
      return x === undefined ? undefined : shortestFloat32(x);
    }
    case dtypes.double: return t.doubleVal?.[0] ?? (view && view.byteLength >= 8 ? view.getFloat64(0, true) : undefined);
    case dtypes.int32: return t.intVal?.[0] ?? (view && view.byteLength >= 4 ? view.getInt32(0, true) : undefined);
    case dtypes.int64: return t.int64Val?.[0] !== undefined ? num(t.int64Val[0]) : view && view.byteLength >= 8 ? Number(view.getBigInt64(0, true)) : undefined;
    default: return undefined;
  }
}

/** The plugin a value declares (TF2 writes it on a tag's first value only), or undefined. */
export function pluginOf(value: ValueMsg): string | undefined {
  return value.metadata?.pluginData?.pluginName || undefined;
}
