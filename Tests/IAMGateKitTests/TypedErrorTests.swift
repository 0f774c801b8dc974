import Catalog
import StackQL
import Testing

@testable import IAMGateKit

/// Errors keep their type until the CLI renders them: an input error carries the typed error of the layer that found
/// the problem, and its message is that error's own sentence.
@Suite("Typed errors")
struct TypedErrorTests {
    @Test("bad SQL reaches the caller as an InputError whose cause is the parser's SQLError, with its location")
    func sqlCause() throws {
        var options = CheckOptions()
        options.principal = "arn:aws:iam::111122223333:user/a"
        options.sql = "SELECT * FORM awscc.imagebuilder.images"
        do {
            _ = try CheckRunner.run(options)
            Issue.record("bad SQL was accepted")
        } catch {
            let cause = try #require(error.cause as? SQLError)
            #expect(cause.location.line == 1)
            #expect(error.message == cause.description)
        }
    }

    @Test("a catalog directory that cannot be read keeps the catalog's own error")
    func catalogCause() throws {
        var options = CheckOptions()
        options.principal = "arn:aws:iam::111122223333:user/a"
        options.catalogDirectory = "/nonexistent/iamgate-catalog"
        do {
            _ = try CheckRunner.run(options)
            Issue.record("a missing catalog was accepted")
        } catch {
            #expect(error.cause is CatalogLoadError, "\(error.message)")
        }
    }
}
