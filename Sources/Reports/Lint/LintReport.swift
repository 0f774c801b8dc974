import IAMPolicy

/// The findings for one policy file (`iamgate lint`): the parser's errors and warnings and the linter's checks against
/// the service reference. Data only; `LintText` and `LintJSON` render it.
public struct LintReport: Sendable {
    /// The file, or `-` for standard input.
    public var source: String
    /// Sorted by position.
    public var findings: [Finding]

    public init(source: String, findings: [Finding]) {
        self.source = source
        self.findings = findings
    }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
}
