import AWSCore
import Catalog
import Foundation
import IAMPolicy
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

    @Test("a --principal that is not an ARN keeps the parser's error under the flag's sentence")
    func principalCause() throws {
        var options = CheckOptions()
        options.principal = "arn:aws:iam::111122223333:usr/a"
        do {
            _ = try CheckRunner.run(options)
            Issue.record("a bad principal was accepted")
        } catch {
            let cause = try #require(error.cause as? PrincipalParseError)
            #expect(error.message == "--principal: \(cause.description)")
        }
    }

    @Test("a documentation page the importer rejects keeps the importer's error, with the page and line added")
    func importCause() throws {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("iamgate-typed-\(getpid()).md")
        try Data("no front matter\n".utf8).write(to: page)
        defer { try? FileManager.default.removeItem(at: page) }
        do {
            _ = try CatalogCommands.importPage(path: page.path)
            Issue.record("a page without front matter was imported")
        } catch {
            let cause = try #require(error.cause as? CatalogImportError)
            #expect(error.message == "page '\(page.path)' line \(cause.line): \(cause.message)")
        }
    }

    @Test("an AWS call that fails keeps AWS's error under the sentence naming the call")
    func awsCallCause() throws {
        let session = try AWSSessionCloudControlTests.session()
        let refused = AWSServiceError.malformedResponse(operation: "GetRole", host: "iam", detail: "no Role element")
        do {
            _ = try session.call("iam GetRole") { () throws(AWSServiceError) -> Int in throw refused }
            Issue.record("the failure was not thrown")
        } catch {
            #expect(error.cause as? AWSServiceError == refused)
            #expect(error.message == "iam GetRole failed: \(refused.description)")
        }
    }
}
