// Resolves the PHI dot paths of an EventDefinition ("name.family", "name.given[]",
// "contacts[].phone") against event data and replaces the values found there.

interface PathSegment {
  key: string;
  /** The property is an array and every element is meant. */
  eachElement: boolean;
}

type JsonObject = Record<string, unknown>;

export function parsePhiPath(path: string): PathSegment[] {
  return path.split('.').map((part) => {
    const eachElement = part.endsWith('[]');
    const key = eachElement ? part.slice(0, -2) : part;
    if (key === '' || key === '__proto__' || key.includes('[') || key.includes(']')) {
      throw new Error(`PHI path "${path}" has an invalid segment "${part}". Write dot paths such as "name.given[]"`);
    }
    return { key, eachElement };
  });
}

/** Number of segments, so nested paths can be handled before (encrypt) or after (decrypt) their parents. */
export function phiPathDepth(path: string): number {
  return path.split('.').length;
}

/**
 * Replaces, in place, every value that `path` reaches in `root` with `replace(value)`. Missing and
 * null values, and null array elements, stay as they are. A path that runs into a value of the
 * wrong shape throws, because a definition that no longer matches its data would leave PHI in clear.
 */
export function replaceAtPhiPath(root: unknown, path: string, replace: (value: unknown) => unknown): void {
  visit(root, parsePhiPath(path), 0, path, replace);
}

function visit(node: unknown, segments: PathSegment[], index: number, path: string, replace: (value: unknown) => unknown): void {
  if (node === null || node === undefined) {
    return;
  }
  if (typeof node !== 'object' || Array.isArray(node)) {
    throw new Error(`PHI path "${path}" expects an object before "${segments[index].key}", found ${describe(node)}`);
  }

  const parent = node as JsonObject;
  const { key, eachElement } = segments[index];
  if (!Object.hasOwn(parent, key)) {
    return;
  }
  const value = parent[key];
  if (value === null || value === undefined) {
    return;
  }

  const isLast = index === segments.length - 1;
  if (!eachElement) {
    if (isLast) {
      parent[key] = replace(value);
    } else {
      visit(value, segments, index + 1, path, replace);
    }
    return;
  }

  if (!Array.isArray(value)) {
    throw new Error(`PHI path "${path}" expects an array at "${key}", found ${describe(value)}`);
  }
  value.forEach((element, position) => {
    if (isLast) {
      if (element !== null && element !== undefined) {
        value[position] = replace(element);
      }
    } else {
      visit(element, segments, index + 1, path, replace);
    }
  });
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : typeof value;
}
