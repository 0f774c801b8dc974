import Catalog
import Foundation

/// The use cases behind `iamgate catalog import` and `iamgate catalog list`.
public enum CatalogCommands {
    /// Imports every page, then writes `<id>.json` for each into `outputDirectory` (default: `$IAMGATE_CATALOG_DIR`,
    /// else `policies/catalog` under the current directory). Nothing is written unless every page
    /// imports, and no two pages may describe the same resource.
    public static func importPages(paths: [String], outputDirectory: String?) throws(InputError)
        -> [CatalogImportResult]
    {
        var definitions: [(definition: ResourceDefinition, page: String)] = []
        for path in paths {
            let definition = try importPage(path: path)
            if let earlier = definitions.first(where: { $0.definition.id.lowercased() == definition.id.lowercased() }) {
                throw InputError("pages '\(earlier.page)' and '\(path)' both describe '\(definition.id)'")
            }
            definitions.append((definition, path))
        }
        let directory = outputDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? defaultOutputDirectory()
        do {
            try Catalog(resources: definitions.map(\.definition)).write(to: directory)
        } catch {
            throw InputError(error)
        }
        return definitions.map { entry in
            CatalogImportResult(
                definition: entry.definition, path: displayPath(Catalog.fileURL(for: entry.definition, in: directory)))
        }
    }

    /// The definition one page describes; an unreadable page or one the importer rejects is an ``InputError``.
    public static func importPage(path: String) throws(InputError) -> ResourceDefinition {
        let bytes = try FileInput.read(path, what: "documentation page")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError("documentation page '\(path)' is not valid UTF-8")
        }
        let pageName = URL(fileURLWithPath: path).lastPathComponent
        do {
            return try CatalogImporter.importPage(text, pageName: pageName)
        } catch {
            throw InputError("page '\(path)' line \(error.line): \(error.message)", cause: error)
        }
    }

    /// The catalog in `directory` when one is given; else the directory in `$IAMGATE_CATALOG_DIR`; else the catalog
    /// built into iamgate.
    public static func loadCatalog(directory: String?) throws(InputError) -> Catalog {
        do {
            if let directory { return try Catalog.load(directory: URL(fileURLWithPath: directory, isDirectory: true)) }
            return try Catalog.standard()
        } catch {
            throw InputError(error)
        }
    }

    static func defaultOutputDirectory() -> URL {
        Catalog.overrideDirectory()
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            .appendingPathComponent("policies/catalog", isDirectory: true)
    }

    /// `url` relative to the current directory when it lies below it, else its absolute path.
    static func displayPath(_ url: URL) -> String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let path = url.standardizedFileURL.path
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

}
