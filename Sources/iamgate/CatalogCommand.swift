import ArgumentParser
import IAMGateKit

/// Output formats of `iamgate catalog list` and `iamgate actions`.
enum CatalogFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

extension IAMGate {
    struct CatalogCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog",
            abstract: "Import StackQL documentation pages into the resource catalog, or list the catalog.",
            subcommands: [Import.self, List.self]
        )
    }
}

extension IAMGate.CatalogCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn StackQL provider documentation pages into catalog files (<id>.json).",
            discussion: """
                Every page is read first; nothing is written unless all import. Exit 64 when a page cannot be read \
                or lacks what the catalog needs (the Methods table, a permissions tab for a method).
                """
        )

        @Argument(help: "StackQL documentation pages (.md).")
        var pages: [String]

        @Option(help: "Directory to write to (default: $IAMGATE_CATALOG_DIR when set, else ./policies/catalog).")
        var output: String?

        func validate() throws {
            if pages.isEmpty { throw ValidationError("give at least one documentation page") }
        }

        func run() throws {
            let code = try reportingErrors {
                let results = try CatalogCommands.importPages(paths: pages, outputDirectory: output)
                print(CatalogImportText.render(results), terminator: "")
                return Exit.success
            }
            throw code
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the resources in the catalog, one per line.")

        @Option(help: "A catalog directory instead of the built-in catalog (default: $IAMGATE_CATALOG_DIR).")
        var catalog: String?

        @Option(help: "Output format.")
        var format: CatalogFormat = .text

        func run() throws {
            let code = try reportingErrors {
                let listing = CatalogListing(catalog: try CatalogCommands.loadCatalog(directory: catalog))
                switch format {
                case .text: print(CatalogListText.render(listing), terminator: "")
                case .json: print(CatalogListJSON.render(listing).rendered())
                }
                return Exit.success
            }
            throw code
        }
    }
}
