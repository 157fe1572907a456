import { AttributeIds, BrowseDirection, DataType, NodeClass, NodeClassMask, type ClientSession, type NodeId, type ReferenceDescription } from 'node-opcua';
import type { BrowseNode } from '../api.ts';

/** Continuation points followed per browse, at most (a server pages large folders). */
const MAX_PAGES = 100;

/**
 * The objects and variables under a node (hierarchical references): objects can be browsed further
 * (`browsePath` = their NodeId), variables carry `address` (their NodeId), data type and description.
 */
export async function browseChildren(
  session: ClientSession,
  nodeId: string,
  request: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<BrowseNode[]> {
  const first = await request(() => session.browse({
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: 'HierarchicalReferences',
    includeSubtypes: true,
    nodeClassMask: NodeClassMask.Object | NodeClassMask.Variable,
    resultMask: 0x3f,
  }));
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
  const attributes = variables.length === 0 ? [] : await request(() => session.read(variables.flatMap((r) => [
    { nodeId: r.nodeId, attributeId: AttributeIds.DataType },
    { nodeId: r.nodeId, attributeId: AttributeIds.Description },
  ])));
  const typeNames = await dataTypeNames(session, attributes.filter((_, i) => i % 2 === 0).map((dv) => dv.value.value as NodeId | null), request);
  const nodes: BrowseNode[] = [];
  let v = 0;
  for (const reference of references) {
    const name = reference.displayName.text ?? reference.browseName.name ?? reference.nodeId.toString();
    const id = reference.nodeId.toString();
    if (reference.nodeClass === NodeClass.Variable) {
      const dataTypeId = attributes[2 * v]?.value.value as NodeId | null | undefined;
      const description = (attributes[2 * v + 1]?.value.value as { text?: string | null } | null)?.text ?? undefined;
      v++;
      const node: BrowseNode = { name, address: id };
      const dataType = dataTypeId ? typeNames.get(dataTypeId.toString()) : undefined;
      if (dataType) node.dataType = dataType;
      if (description) node.description = description;
      nodes.push(node);
    } else {
      nodes.push({ name, browsePath: id });
    }
  }
  return nodes;
}

/** Data type names: built-in ones by number, others (enumerations, structures) by their browse name. */
async function dataTypeNames(
  session: ClientSession,
  ids: readonly (NodeId | null | undefined)[],
  request: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<Map<string, string>> {
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
