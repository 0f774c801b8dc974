import Catalog

/// One catalog file written by `iamgate catalog import`: the resource its page describes and where it went.
/// `CatalogImportText` renders it.
public struct CatalogImportResult: Sendable {
    public var definition: ResourceDefinition
    /// The file written, relative to the current directory when it lies below it.
    public var path: String

    public init(definition: ResourceDefinition, path: String) {
        self.definition = definition
        self.path = path
    }
}
