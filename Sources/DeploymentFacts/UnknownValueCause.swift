/// Why a stackql-deploy template value is not known before the run, as data: a value the run makes or reads, one
/// the project names but nobody gave, or an expression iamgate does not evaluate. `ReportSentences.unknownCause`
/// says it.
public enum UnknownValueCause: Sendable, Hashable {
    /// The default when no other cause is known.
    case notKnownBeforeRun
    /// An expression iamgate cannot parse; `detail` is the template parser's own words for what it met.
    case expressionNotEvaluated(detail: String)
    /// `uuid()`: a random UUID made when the query runs.
    case randomUUID
    /// A call other than `uuid()`.
    case callNotEvaluated(name: String)
    /// A filter a template engine knows but iamgate does not evaluate.
    case filterNotEvaluated(name: String)
    /// A known value read with a member, index or key it does not have (`step`, written as in the template).
    case missingStep(key: String, step: String)
    /// `this.…`: a value the resource's exists query captures when it runs.
    case capturedByExists
    /// `callback.…`: a value of the RETURNING row of a mutation.
    case returningRow
    /// A name no external value, global, prop or built-in has (`-e NAME=VALUE` gives it).
    case noValue
    /// A filter whose input is not known.
    case inputNotKnown
    /// `sql_escape` on an input that is not text.
    case inputNotText
    /// `to_aws_tag_filters` on an input that is not a known list of tags.
    case inputNotKnownTags
    /// `merge_objects` on inputs that are not both known mappings.
    case inputsNotKnownMappings
    /// `merge_lists` on inputs that are not both known lists.
    case inputsNotKnownLists
    /// `idempotency_token`: made by stackql-deploy for each resource when it runs.
    case idempotencyToken
    /// An export of the manifest resource `resource`, known when it runs.
    case exportedBy(resource: String)
    /// A prop with values per environment and no `--env`.
    case dependsOnEnvironment
    /// `stack_env` without `--env`.
    case environment
    /// `resource_name` outside a resource.
    case resourceName
    /// A prop merged (`merge:`) with `item`, which is not known before the run.
    case mergedWithUnknownItem(String)
    /// A prop merged with values that are not known before the run.
    case mergedWithUnknownValues
}
