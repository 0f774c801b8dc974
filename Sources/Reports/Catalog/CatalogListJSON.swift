import JSON

/// `iamgate catalog list --format json`: an array of
/// `{"id", "cloudFormationType", "identifier", "tables", "methods", "page"}`, `tables` being the methods' qualified
/// tables.
public enum CatalogListJSON {
    public static func render(_ listing: CatalogListing) -> JSONOutput {
        .array(
            listing.resources.map { resource in
                .object([
                    ("id", .string(resource.id)),
                    ("cloudFormationType", .string(resource.cloudFormationType)),
                    ("identifier", .string(resource.identifier)),
                    ("tables", .strings(resource.methodTables)),
                    ("methods", .strings(resource.methods)),
                    ("page", .string(resource.page)),
                ])
            })
    }
}
