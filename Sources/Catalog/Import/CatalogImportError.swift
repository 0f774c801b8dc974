/// A documentation page the importer cannot turn into a ``ResourceDefinition``: the page, the 1-based line the
/// problem is on, and one lowercase sentence, e.g.
/// `page 'images.md' line 214: method 'get_resource' has no 'read' tab in the Permissions section`.
public struct CatalogImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The page's name as given to the importer (usually its file name).
    public var page: String
    public var line: Int
    public var message: String

    public init(page: String, line: Int, message: String) {
        self.page = page
        self.line = line
        self.message = message
    }

    public var description: String { "page '\(page)' line \(line): \(message)" }
}
