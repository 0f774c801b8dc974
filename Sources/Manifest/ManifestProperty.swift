/// One entry of a resource's `props`: a value for every environment (`value`), or one per environment (`values`),
/// possibly merged with other variables (`merge`).
public struct ManifestProperty: Sendable, Hashable {
    public var name: String
    /// The value for every environment; stackql-deploy prefers it to `values`.
    public var value: ManifestValue?
    /// Environment name → value, in the order written.
    public var values: [(environment: String, value: ManifestValue)]
    /// Variables (globals or earlier props) merged into the value: lists are joined, mappings merged.
    public var merge: [String]
    public var description: String?
    /// Where the entry is in the manifest.
    public var line: Int

    public init(
        name: String, value: ManifestValue? = nil, values: [(environment: String, value: ManifestValue)] = [],
        merge: [String] = [], description: String? = nil, line: Int
    ) {
        self.name = name
        self.value = value
        self.values = values
        self.merge = merge
        self.description = description
        self.line = line
    }

    public static func == (lhs: ManifestProperty, rhs: ManifestProperty) -> Bool {
        lhs.name == rhs.name && lhs.value == rhs.value && lhs.values.map(\.environment) == rhs.values.map(\.environment)
            && lhs.values.map(\.value) == rhs.values.map(\.value) && lhs.merge == rhs.merge
            && lhs.description == rhs.description && lhs.line == rhs.line
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(line)
    }
}
