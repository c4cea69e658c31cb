import { parser } from '@prometheus-io/lezer-promql';

/**
 * Grafana's variables, replaced by values PromQL accepts: `$__rate_interval`, `$__range`… by a
 * duration, the others (`$instance`, `${datasource}`) by a word (they stand in label values).
 */
function withoutGrafanaVariables(expr: string): string {
  return expr.replace(/\$__\w+/g, '5m').replace(/\$\{?\w+\}?/g, 'x');
}

/**
 * The metric names an expression selects, read with the PromQL grammar of Prometheus' own UI
 * (`@prometheus-io/lezer-promql`). Throws on an expression it cannot parse, and on a selector
 * without a name (`{__name__=~"…"}`), which this check could not follow.
 */
export function metricNamesIn(promql: string): string[] {
  const expr = withoutGrafanaVariables(promql);
  const names: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) throw new Error(`cannot parse at ${node.from}: ${promql}`);
      if (node.name !== 'VectorSelector') return;
      const name = node.node.getChild('Identifier');
      if (!name) throw new Error(`a selector without a metric name: ${promql}`);
      names.push(expr.slice(name.from, name.to));
    },
  });
  return names;
}
