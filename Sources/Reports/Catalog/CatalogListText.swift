/// `iamgate catalog list --format text`: one line per resource with its CloudFormation type, identifier, methods and
/// tables, the first two columns aligned.
public enum CatalogListText {
    public static func render(_ listing: CatalogListing) -> String {
        let width = listing.resources.map(\.id.count).max() ?? 0
        let typeWidth = listing.resources.map(\.cloudFormationType.count).max() ?? 0
        var output = ""
        for resource in listing.resources {
            output +=
                pad(resource.id, width) + "  " + pad(resource.cloudFormationType, typeWidth)
                + "  \(resource.methods.count) methods  identifier \(resource.identifier)  tables "
                + "\(resource.tables.joined(separator: ", "))\n"
        }
        return output
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
