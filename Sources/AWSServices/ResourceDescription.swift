import AWSCore

/// One resource as Cloud Control describes it (the model's `ResourceDescription`): what GetResource answers and each
/// entry of ListResources.
public struct ResourceDescription: Sendable, Hashable {
    /// `Identifier`: the primary identifier (for an image, its ARN; a compound identifier joined with `|`).
    public var identifier: String
    /// `Properties`: the resource's properties as JSON text, as AWS sent it; `nil` when AWS sent none.
    public var properties: String?

    public init(identifier: String, properties: String?) {
        self.identifier = identifier
        self.properties = properties
    }

    /// Reads a `ResourceDescription` object; `Identifier` must be there, as a resource without one cannot be named.
    init(_ object: JSONResponseObject) throws(AWSServiceError) {
        self.init(identifier: try object.requiredString("Identifier"), properties: try object.string("Properties"))
    }
}
