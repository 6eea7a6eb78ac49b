/** The message names a room's plugins handle (their public `messages` tables). */
export type PluginMessageNames<P> = { [K in keyof P]: P[K] extends { readonly messages: infer M } ? keyof M : never }[keyof P];

/**
 * A room's own `messages` table, checked at compile time against the protocol's message names:
 * every value of `protocol` must have a handler, in `own` or in one of `plugins`' tables; a missing
 * one is a compile error naming it. Usage: `override messages = messageTable(CLIENT_MESSAGE, this.plugins, { ... })`
 * (declare `plugins` before `messages`).
 */
export function messageTable<P, const M extends object, Names extends PropertyKey>(
  _protocol: Readonly<Record<string, Names>>,
  _plugins: P,
  own: M & Record<Exclude<Names, PluginMessageNames<P> | keyof M>, never>,
): M {
  return own;
}
