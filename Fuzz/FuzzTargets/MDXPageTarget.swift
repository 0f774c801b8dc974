import Catalog
import Foundation
import IAMGateKit

/// StackQL provider documentation pages (MDX) as `iamgate catalog import` reads them. A page that imports is written
/// as a catalog file, listed as `catalog list` lists it, read back, and every one of its operations is checked for
/// the workspace's principal as `check --catalog-dir DIR --resource ID` would, in every report format.
enum MDXPageTarget {
    static func run(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self),
            let definition = try? CatalogImporter.importPage(text, pageName: "awscc.imagebuilder.images.md")
        else { return }
        let catalog = Catalog(resources: [definition])
        let listing = CatalogListing(catalog: catalog)
        _ = CatalogListText.render(listing)
        _ = CatalogListJSON.render(listing).rendered()
        let directory = FuzzWorkspace.shared.path("catalog")
        try? FileManager.default.removeItem(atPath: directory)
        guard (try? catalog.write(to: URL(fileURLWithPath: directory, isDirectory: true))) != nil,
            (try? CatalogCommands.loadCatalog(directory: directory)) != nil
        else { return }
        var options = CheckOutputs.options(strict: false)
        options.catalogDirectory = directory
        options.resource = definition.id
        if let report = try? CheckRunner.run(options) {
            CheckOutputs.render(report)
        }
    }
}
