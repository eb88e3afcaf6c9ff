import Foundation
import PrakatCore
import Vapor

/// The satisfaction API: anyone may answer (rate limited) and read a fiscal year's results.
struct SatisfactionAPI {
    /// `{score: 1–5, comment?, page?}`. `score` is read leniently so that `"five"` or `4.5` is a
    /// 422 naming `score` in Thai rather than a generic type error.
    struct SubmitBody: Decodable {
        var score: Result<Int, SatisfactionRules.Problem>
        var comment: String?
        var page: String?

        enum CodingKeys: String, CodingKey { case score, comment, page }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if !container.contains(.score) || (try? container.decodeNil(forKey: .score)) == true {
                score = .failure(.scoreMissing)
            } else if let value = try? container.decode(Int.self, forKey: .score) {
                score = SatisfactionRules.score(value)
            } else {
                score = .failure(.scoreOutOfRange)
            }
            comment = try container.decodeIfPresent(String.self, forKey: .comment)
            page = try container.decodeIfPresent(String.self, forKey: .page)
        }
    }

    struct Created: Content {
        var id: UUID
        var fiscalYear: Int
    }

    func submit(_ req: Request) async throws -> Response {
        let body = try req.decodeJSON(SubmitBody.self)
        switch SatisfactionService.check(SatisfactionInput(score: body.score, comment: body.comment, page: body.page)) {
        case .failure(let failure):
            throw PrakatError.validation(failure.problems.map { .init(field: $0.field, message: $0.message) })
        case .success(let checked):
            let response = try await req.satisfaction.submit(checked)
            return try await Created(id: response.id ?? UUID(), fiscalYear: response.fiscalYear).encodeResponse(status: .created, for: req)
        }
    }

    struct Results: Content {
        var fiscalYear: Int
        var count: Int
        /// Nil (JSON null) without responses.
        var average: Double?
        var distribution: [String: Int]
    }

    func results(_ req: Request) async throws -> Results {
        let text = try req.singleQueryValue("fiscalYear")
        let year: FiscalYear
        switch VisitorCalendar.fiscalYear(query: text) {
        case .none: year = FiscalYear.containing(req.clock.now())
        case .year(let chosen): year = chosen
        case .invalid: throw PrakatError.validation([.init(field: "fiscalYear", message: SatisfactionText.fiscalYearInvalid)])
        }
        let summary = try await req.satisfaction.summary(year)
        return Results(
            fiscalYear: year.beYear, count: summary.count, average: summary.averageRounded,
            distribution: Dictionary(uniqueKeysWithValues: SatisfactionRules.scores.map { (String($0), summary.distribution[$0] ?? 0) }))
    }
}
