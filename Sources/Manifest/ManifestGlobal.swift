/// One entry of the manifest's `globals`: a stack-wide variable, resolved in order (each may use the ones before
/// it, the external values, `stack_name` and `stack_env`).
public struct ManifestGlobal: Sendable, Hashable {
    public var name: String
    public var value: ManifestValue
    public var description: String?
    /// Where the entry is in the manifest.
    public var line: Int

    public init(name: String, value: ManifestValue, description: String? = nil, line: Int) {
        self.name = name
        self.value = value
        self.description = description
        self.line = line
    }
}
