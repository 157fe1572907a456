import type { DataValue } from '../../common/data-value.ts';
import type { Quality } from '../../common/quality.ts';
import type { TagInfo } from '../../common/tag.ts';
import { compileBinding, type CompiledBinding } from '../../screens/expression/compile.ts';
import { worseQuality, type ExpressionContext } from '../../screens/expression/evaluate.ts';
import type { ExprValue } from '../../screens/expression/functions.ts';
import type { TagListener } from '../store/tag-store.ts';
import { formatValue } from '../ui/value-format.ts';

/** What an element reads tags from: the window's TagStore fits (one state object per tag until it changes). */
export interface TagSource {
  get(path: string): { readonly value: DataValue; readonly info: TagInfo | undefined };
  subscribe(path: string, listener: TagListener): () => void;
}

/** The current result of an element's bindings: one value and quality per bound property. */
export interface Bound {
  /** Property → value; undefined while the binding is in error. */
  readonly values: Readonly<Record<string, ExprValue | undefined>>;
  readonly qualities: Readonly<Record<string, Quality>>;
  /** The worst quality of every binding but `visible`: what the element's quality marker shows. */
  readonly quality: Quality;
  /** The oldest source time of the tag values behind those bindings (undefined when none was read). */
  readonly sourceTime?: number | undefined;
  /** Property → readable error (a binding that does not compile or fails to evaluate). */
  readonly errors: Readonly<Record<string, string>>;
}

const NO_ERRORS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * One element's bindings, compiled once. `snapshot` re-evaluates only when one of the element's own
 * tags has a new state object (the TagStore replaces a tag's state on change and keeps it otherwise),
 * so an element whose tags did not change gets the very same `Bound` back and does not re-render.
 */
export class ElementBinder {
  readonly tags: readonly string[];
  readonly #compiled: readonly CompiledBinding[];
  readonly #compileErrors: Readonly<Record<string, string>>;
  #lastStates: unknown[] = [];
  #last: Bound | undefined;
  /** The expression context over the last source (made once: readouts evaluate thousands of times a second). */
  #context: { source: TagSource; context: ExpressionContext } | undefined;

  constructor(bindings: Readonly<Record<string, string>>) {
    const compiled: CompiledBinding[] = [];
    const errors: Record<string, string> = {};
    for (const [name, text] of Object.entries(bindings)) {
      const result = compileBinding(name, text);
      if (result.ok) compiled.push(result.value);
      else errors[name] = result.error.message;
    }
    this.#compiled = compiled;
    this.#compileErrors = Object.keys(errors).length ? errors : NO_ERRORS;
    this.tags = [...new Set(compiled.flatMap((c) => c.tags))];
  }

  get empty(): boolean {
    return this.#compiled.length === 0 && this.#compileErrors === NO_ERRORS;
  }

  subscribe(source: TagSource, listener: TagListener): () => void {
    const stops = this.tags.map((tag) => source.subscribe(tag, listener));
    return () => stops.forEach((stop) => stop());
  }

  snapshot(source: TagSource): Bound {
    const tags = this.tags;
    if (this.#last && tags.length === this.#lastStates.length) {
      let same = true;
      for (let i = 0; i < tags.length && same; i++) same = source.get(tags[i]!) === this.#lastStates[i];
      if (same) return this.#last;
    }
    this.#lastStates = tags.map((tag) => source.get(tag));
    this.#last = this.evaluate(source);
    return this.#last;
  }

  evaluate(source: TagSource): Bound {
    if (this.#context?.source !== source) {
      const context: ExpressionContext = {
        read: (path) => {
          const state = source.get(path);
          const value = state.value.value;
          // An array tag reads as its list in text (its elements, `{Tag[3]}`, as numbers); a date as its plant-time text.
          const text = Array.isArray(value) || (state.info?.dataType === 'datetime' && typeof value === 'number');
          return { value: text ? formatValue(state.info, value) : value, quality: state.value.quality, sourceTime: state.value.sourceTime };
        },
        info: (path) => {
          const info = source.get(path).info;
          return info ? { units: info.units, decimals: info.decimals } : undefined;
        },
      };
      this.#context = { source, context };
    }
    const context = this.#context.context;
    const values: Record<string, ExprValue | undefined> = {};
    const qualities: Record<string, Quality> = {};
    let errors: Record<string, string> | undefined;
    let quality: Quality = 'Good';
    let sourceTime: number | undefined;
    for (const name of Object.keys(this.#compileErrors)) {
      values[name] = undefined;
      qualities[name] = 'BadConfigurationError';
    }
    for (const binding of this.#compiled) {
      const result = binding.evaluate(context);
      if (result.ok) {
        values[binding.name] = result.value.value;
        qualities[binding.name] = result.value.quality;
      } else {
        values[binding.name] = undefined;
        qualities[binding.name] = 'BadConfigurationError';
        (errors ??= { ...this.#compileErrors })[binding.name] = result.error.message;
      }
      if (binding.name !== 'visible') {
        quality = worseQuality(quality, qualities[binding.name]!);
        const t = result.ok ? result.value.sourceTime : undefined;
        if (t !== undefined) sourceTime = Math.min(sourceTime ?? t, t);
      }
    }
    if (this.#compileErrors !== NO_ERRORS) quality = worseQuality(quality, 'BadConfigurationError');
    return { values, qualities, quality, sourceTime, errors: errors ?? this.#compileErrors };
  }
}
