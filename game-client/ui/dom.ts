/** Options for `el`. Text is always set with textContent: nothing from the network is parsed as HTML. */
export interface ElOptions {
  className?: string;
  /** Stable hook for tests: `data-testid`. */
  testId?: string;
  text?: string;
  attrs?: Record<string, string>;
}

/** Creates an element. The only way the UI builds DOM (no innerHTML anywhere). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElOptions = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.testId) node.dataset.testid = options.testId;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function button(label: string, testId: string, onClick: () => void, className = "btn"): HTMLButtonElement {
  const b = el("button", { className, testId, text: label, attrs: { type: "button" } });
  b.addEventListener("click", onClick);
  return b;
}
