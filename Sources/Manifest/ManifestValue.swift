/// A value as the manifest writes it: YAML scalars, lists and mappings, with `{{ … }}` templates still in its
/// strings. `DeploymentContext` resolves it into a `DeployValue`.
public indirect enum ManifestValue: Sendable, Hashable {
    case string(String)
    case bool(Bool)
    /// A YAML number, as written.
    case number(String)
    case null
    case list([ManifestValue])
    case mapping([ManifestMember])
}

/// One key of a YAML mapping in a manifest value, in the order written.
public struct ManifestMember: Sendable, Hashable {
    public var key: String
    public var value: ManifestValue

    public init(key: String, value: ManifestValue) {
        self.key = key
        self.value = value
    }
}
