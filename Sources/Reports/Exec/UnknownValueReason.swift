import DeploymentFacts

/// Why exec's gate stays closed on a value nobody knows before the run: which value, and what needs it.
/// `ReportSentences.unknownValue` says it.
public enum UnknownValueReason: Sendable, Hashable {
    /// A value that a stackql-deploy template could not resolve, and why (`nil`: not known before the run).
    public struct Name: Sendable, Hashable {
        public var name: String
        public var reason: UnknownValueCause?

        public init(name: String, reason: UnknownValueCause?) {
            self.name = name
            self.reason = reason
        }
    }

    /// The statement's call needs a value that is not known (`--var` supplies it).
    case call(StatementCallProblem)
    /// A stackql-deploy statement's call needs values not known before the run (`-e` supplies them).
    case deploymentCall(column: String, names: [Name])
    /// A stackql-deploy resource runs only if its `if:` condition holds, which is not known before the run.
    case condition(resource: String, condition: String)
    /// An exists or statecheck anchor's conditions use values not known before the run, so what the `command`
    /// (build or teardown) runs cannot be decided.
    case counts(anchor: String, names: [Name], command: String)
}
