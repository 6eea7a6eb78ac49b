/** Adversarial payload generators for the fuzz tests (fast-check). */
import fc from "fast-check";

const nasty = fc.constantFrom<unknown>(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_VALUE,
  1e308,
  "",
  " ",
  "\u0000",
  "\u200b\u200b",
  "<img src=x onerror=alert(1)>",
  "__proto__",
  "constructor",
  true,
  null,
  undefined,
);

/** Objects with `__proto__`, `constructor` and `prototype` as own keys, as JSON.parse makes them. */
const pollution = fc
  .record({ key: fc.constantFrom("__proto__", "constructor", "prototype"), value: fc.anything({ maxDepth: 2 }) })
  .map(({ key, value }) => JSON.parse(`{"${key}": ${JSON.stringify({ polluted: value ?? 1 })}, "text": "x"}`) as unknown);

/** Nested arrays/objects many levels deep. */
const deep = fc.integer({ min: 10, max: 200 }).map((depth) => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { text: value };
  return value;
});

const longText = fc.string({ minLength: 281, maxLength: 1500 }).map((text) => ({ text }));

/** Any payload a hostile or broken client might send (kept under the 4 KiB frame limit). */
export const hostilePayload: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 5, withNullPrototype: true, withObjectString: true }),
  nasty,
  pollution,
  deep,
  longText,
  fc.record({ text: fc.oneof(fc.string({ maxLength: 300 }), nasty, fc.anything({ maxDepth: 1 })) }),
  fc.record({ afterId: fc.oneof(fc.integer(), fc.double(), nasty) }),
);

/** Message types: the real ones, and names that are not. */
export const messageType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<string | number>("chat", "globalChat", "chatSince", "globalChatSince") },
  { weight: 2, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("__proto__", "constructor", "toString", "*", "")) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 300 }) },
);

/** Join/create options a hostile client might send. */
export const hostileJoinOptions: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ name: fc.oneof(fc.string({ maxLength: 60 }), nasty, fc.anything({ maxDepth: 1 })), private: fc.oneof(fc.boolean(), nasty) }, { requiredKeys: [] }),
  pollution,
  fc.anything({ maxDepth: 2, maxKeys: 4 }),
);
