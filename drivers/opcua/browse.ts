import { AttributeIds, BrowseDirection, DataType, NodeClass, NodeClassMask, VariantArrayType, type ClientSession, type NodeId, type ReferenceDescription } from 'node-opcua';
import type { BrowseNode } from '../api.ts';

/** Continuation points followed per browse, at most (a server pages large folders). */
const MAX_PAGES = 100;

/**
 * The objects and variables under a node (hierarchical references): objects can be browsed further
 * (`browsePath` = their NodeId), variables carry `address` (their NodeId), data type and description.
 */
export async function browseChildren(session: ClientSession, nodeId: string, request: <T>(call: () => Promise<T>) => Promise<T>): Promise<BrowseNode[]> {
  const first = await request(() =>
    session.browse({
      nodeId,
      browseDirection: BrowseDirection.Forward,
      referenceTypeId: 'HierarchicalReferences',
      includeSubtypes: true,
      nodeClassMask: NodeClassMask.Object | NodeClassMask.Variable,
      resultMask: 0x3f,
    }),
  );
  if (first.statusCode.isNotGood()) throw new Error(`the server says ${first.statusCode.name}`);
  const references: ReferenceDescription[] = [...(first.references ?? [])];
  let continuation = first.continuationPoint;
  for (let page = 0; continuation && continuation.length > 0 && page < MAX_PAGES; page++) {
    const point = continuation;
    const next = await request(() => session.browseNext(point, false));
    references.push(...(next.references ?? []));
    continuation = next.continuationPoint;
  }
  const variables = references.filter((r) => r.nodeClass === NodeClass.Variable);
  const attributes =
    variables.length === 0
      ? []
      : await request(() =>
          session.read(
            variables.flatMap((r) => [
              { nodeId: r.nodeId, attributeId: AttributeIds.DataType },
              { nodeId: r.nodeId, attributeId: AttributeIds.Description },
              { nodeId: r.nodeId, attributeId: AttributeIds.ValueRank },
              { nodeId: r.nodeId, attributeId: AttributeIds.ArrayDimensions },
            ]),
          ),
        );
  const typeNames = await dataTypeNames(
    session,
    attributes.filter((_, i) => i % PER_VARIABLE === 0).map((dv) => dv.value.value as NodeId | null),
    request,
  );
  const lengths = await arrayLengths(
    session,
    variables.map((r, i) => ({ nodeId: r.nodeId, valueRank: attributes[PER_VARIABLE * i + 2]?.value.value, dimensions: attributes[PER_VARIABLE * i + 3]?.value.value })),
    request,
  );
  const nodes: BrowseNode[] = [];
  let v = 0;
  for (const reference of references) {
    const name = reference.displayName.text ?? reference.browseName.name ?? reference.nodeId.toString();
    const id = reference.nodeId.toString();
    if (reference.nodeClass === NodeClass.Variable) {
      const dataTypeId = attributes[PER_VARIABLE * v]?.value.value as NodeId | null | undefined;
      const description = (attributes[PER_VARIABLE * v + 1]?.value.value as { text?: string | null } | null)?.text ?? undefined;
      const arrayLength = lengths[v];
      v++;
      const node: BrowseNode = { name, address: id };
      const dataType = dataTypeId ? typeNames.get(dataTypeId.toString()) : undefined;
      if (dataType) node.dataType = dataType;
      if (description) node.description = description;
      if (arrayLength !== undefined) node.arrayLength = arrayLength;
      nodes.push(node);
    } else {
      nodes.push({ name, browsePath: id });
    }
  }
  return nodes;
}

/** Attributes read per variable: DataType, Description, ValueRank, ArrayDimensions. */
const PER_VARIABLE = 4;

/**
 * The number of elements of each one-dimensional array variable (ValueRank 1), from its ArrayDimensions;
 * where the server declares none (0: any length), from its current value. Scalars and matrices: undefined.
 */
async function arrayLengths(session: ClientSession, variables: readonly { nodeId: NodeId; valueRank: unknown; dimensions: unknown }[], request: <T>(call: () => Promise<T>) => Promise<T>): Promise<(number | undefined)[]> {
  const lengths = variables.map((v) => {
    if (v.valueRank !== 1) return undefined;
    const declared = (v.dimensions as ArrayLike<number> | null | undefined)?.[0];
    return typeof declared === 'number' && declared > 0 ? declared : 0;
  });
  const unknown = lengths.flatMap((length, i) => (length === 0 ? [i] : []));
  if (unknown.length > 0) {
    const values = await request(() => session.read(unknown.map((i) => ({ nodeId: variables[i]!.nodeId, attributeId: AttributeIds.Value }))));
    unknown.forEach((at, j) => {
      const variant = values[j]?.value;
      const current = variant && variant.arrayType !== VariantArrayType.Scalar ? (variant.value as ArrayLike<unknown> | null)?.length : undefined;
      lengths[at] = current ?? 0;
    });
  }
  return lengths;
}

/** Data type names: built-in ones by number, others (enumerations, structures) by their browse name. */
async function dataTypeNames(session: ClientSession, ids: readonly (NodeId | null | undefined)[], request: <T>(call: () => Promise<T>) => Promise<T>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const unknown: NodeId[] = [];
  for (const id of ids) {
    if (!id || names.has(id.toString())) continue;
    const builtIn = id.namespace === 0 && typeof id.value === 'number' && id.value <= 25 ? DataType[id.value] : undefined;
    if (builtIn) names.set(id.toString(), builtIn);
    else if (!unknown.some((u) => u.toString() === id.toString())) unknown.push(id);
  }
  if (unknown.length > 0) {
    const read = await request(() => session.read(unknown.map((nodeId) => ({ nodeId, attributeId: AttributeIds.BrowseName }))));
    unknown.forEach((id, i) => {
      const name = (read[i]?.value.value as { name?: string | null } | null)?.name;
      if (name) names.set(id.toString(), name);
    });
  }
  return names;
}
