import IAMPolicy

/// Loads policy files, failing with one sentence on the first error.
public enum PolicyLoader {
    /// Reads and parses the policy at `path` (`-` for standard input) as a policy of `type`.
    public static func load(path: String, type: PolicyType?) throws(InputError) -> PolicyDocument {
        let bytes = try FileInput.read(path, what: "policy file")
        return try parse(bytes: bytes, source: PolicySource(path), type: type)
    }

    /// Parses policy bytes, throwing the first error.
    public static func parse(bytes: [UInt8], source: PolicySource, type: PolicyType?) throws(InputError)
        -> PolicyDocument
    {
        let result = PolicyParser(policyType: type).parse(bytes: bytes, source: source)
        guard let document = result.document else {
            throw InputError(PolicyError(findings: result.findings).description, findings: result.findings)
        }
        return document
    }
}
