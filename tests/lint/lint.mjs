// Lint Cypher statements with Neo4j's own language support, in one Node process.
// stdin: JSON {"labels": [...], "relationshipTypes": [...], "queries": [{"id": "...", "query": "..."}]}
// stdout: JSON [{"id", "severity", "message"}] (severity 1 = error, 2 = warning); parameter notices dropped.
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const req = JSON.parse(input);
const mock = testData.mockSchema;
const schema = {
  procedures: mock.procedures,
  functions: mock.functions,
  labels: req.labels,
  relationshipTypes: req.relationshipTypes,
  ...(req.propertyKeys ? { propertyKeys: req.propertyKeys } : {}),
};
const out = [];
for (const { id, query } of req.queries) {
  const { diagnostics } = lintCypherQuery(query, schema);
  for (const d of diagnostics) {
    if (d.message.startsWith('Parameter $')) continue;
    out.push({ id, severity: d.severity, message: d.message });
  }
}
process.stdout.write(JSON.stringify(out));
