/// `iamgate catalog import`: one line per file written,
/// `wrote policies/catalog/awscc.imagebuilder.images.json (5 methods, 12 create permissions)`.
public enum CatalogImportText {
    public static func render(_ results: [CatalogImportResult]) -> String {
        results.map { line($0) + "\n" }.joined()
    }

    static func line(_ result: CatalogImportResult) -> String {
        let creates = result.definition.method("create_resource")?.permissions.count ?? 0
        let methods = result.definition.methods.count
        return "wrote \(result.path) (\(methods) method\(methods == 1 ? "" : "s"), \(creates) create permission"
            + "\(creates == 1 ? "" : "s"))"
    }
}
