package gen

// The vocabulary of Fieldline, the fictional company whose strategy the
// generator writes: field-service software for trade contractors. Every
// word list is plain ASCII text without YAML or Markdown syntax, so a
// pick can go into a plain YAML scalar or a wrapped paragraph unquoted.

var segments = []string{
	"residential HVAC contractors", "commercial plumbing firms",
	"electrical contractors with 20 to 100 technicians", "property maintenance companies",
	"pest control operators", "garage door installers", "solar installers",
	"appliance repair shops", "pool service companies", "fire protection contractors",
	"roofing crews", "landscaping companies", "facility managers at mid-size campuses",
	"franchise owners in home services", "multi-trade contractors",
	"restoration companies after floods and fires", "elevator service teams",
	"security system integrators", "commercial kitchen repair firms",
	"water treatment dealers", "locksmith businesses", "window cleaning crews",
	"family-owned shops with one dispatcher", "regional service franchises",
	"contractors moving off paper work orders",
}

var products = []string{
	"dispatch board", "technician app", "quote builder", "invoice sync",
	"parts inventory", "maintenance agreements", "customer portal", "route planner",
	"payroll export", "warranty claims", "job costing", "price book",
	"service reminders", "call booking", "fleet tracking", "permit tracking",
	"equipment history", "photo reports", "customer financing", "review requests",
	"time sheets", "purchase orders", "capacity planning", "membership plans",
	"estimate follow-up", "job checklists", "supplier catalog", "after-hours answering",
	"crew scheduling", "asset tagging",
}

var adjectives = []string{
	"The", "A simpler", "The fastest", "A trusted", "The default", "An honest",
	"The mobile-first", "The complete", "A reliable", "The modern", "The affordable",
	"The connected", "A self-serve", "The shared", "A calmer", "The paperless",
	"The accountable", "A predictable", "The open", "The smallest useful",
}

var verbs = []string{
	"Launch", "Pilot", "Rebuild", "Automate", "Simplify", "Integrate", "Expand",
	"Prototype", "Migrate", "Redesign", "Instrument", "Localize", "Harden",
	"Unify", "Price", "Bundle", "Test", "Retire", "Speed up", "Open up",
}

var qualifiers = []string{
	"for small shops", "in Canada", "for commercial accounts", "with QuickBooks",
	"on Android", "for new customers", "for franchise groups", "in Spanish",
	"for after-hours jobs", "with supplier pricing", "for multi-day jobs",
	"for the first 30 days", "for large crews", "with offline mode",
	"for recurring visits", "for emergency calls", "with card payments",
	"in the United Kingdom", "for dispatch leads", "for office managers",
	"for owners on the road", "with Xero", "for warranty work", "in Australia",
	"for inspection visits", "with photo evidence", "for new technicians",
	"for the busy season", "with supplier APIs", "for key accounts",
}

var alternativesList = []string{
	"Paper work orders and a whiteboard", "A spreadsheet shared by the office",
	"The field module of their accounting package", "An enterprise field-service suite",
	"A generic calendar app and group texts", "Hiring another dispatcher",
	"A custom tool built by a nephew in 2014", "Doing nothing and living with the overtime",
	"A competitor that bundles payments", "The manufacturer's dealer portal",
	"A franchise-mandated system nobody likes", "An answering service and sticky notes",
}

var owners = []string{
	"Amara Okafor", "Ben Lindqvist", "Carmen Ruiz", "Dev Patel", "Elena Sokolova",
	"Farid Haddad", "Grace Kim", "Hugo Marchetti", "Ines Duarte", "Jonas Weber",
	"Kiri Tane", "Lucia Romano", "Marcus Bell", "Nadia Benali", "Oscar Nilsson",
	"Priya Raman", "Quinn Taylor", "Rosa Jimenez", "Sam O'Neill", "Tomoko Ito",
}

// workTags are initiative and signal tags. They never overlap nonGoalTags,
// so no generated initiative trips align/non-goal.
var workTags = []string{
	"onboarding", "mobile", "growth", "retention", "pricing", "integrations",
	"scheduling", "billing", "reliability", "self-serve", "partners", "data",
	"activation", "support", "expansion", "compliance", "performance", "ux",
}

var nonGoalTags = []string{
	"hardware", "enterprise", "lending", "marketplace", "payroll-processing",
	"consulting", "custom-dev", "insurance", "white-label", "crypto",
}

var nonGoalStatements = []string{
	"We will not build or resell hardware; we integrate with what crews already carry.",
	"We will not sell to enterprises above 500 technicians or run RFP-driven sales cycles.",
	"We will not lend money or hold customer funds.",
	"We will not run a marketplace that sends jobs to contractors.",
	"We will not process payroll; we export to the payroll tools customers use.",
	"We will not sell consulting days or implementation projects.",
	"We will not build custom features for a single customer.",
	"We will not sell insurance or warranties.",
	"We will not white-label the product for suppliers.",
	"We will not accept crypto payments.",
	"We will not replace the accounting package.",
	"We will not chase residential consumers directly.",
}

var claims = []string{
	"Owners will pay per technician rather than per office seat",
	"Dispatchers will move their whole day into one board within a month",
	"Technicians will use the app offline in basements and crawl spaces",
	"Office managers trust an automatic sync with their accounting package",
	"Customers book more repeat visits when reminders come from their own contractor",
	"A team can go live without an onboarding call",
	"Supplier prices can be kept current without manual uploads",
	"Contractors will switch from paper if the first week saves them an evening",
	"Franchise groups will standardize on one tool across locations",
	"Card payments in the field shorten the time to cash by more than a week",
	"Photo reports reduce callbacks and warranty disputes",
	"Membership plans sell better when technicians can offer them on site",
	"Route planning saves at least one job per technician per week",
	"Owners read a weekly summary if it fits on one phone screen",
	"Small shops will self-serve setup from a price book template",
}

var evidence = []string{
	"34 of 40 pilot accounts kept using it after 90 days",
	"median time to first invoice fell from 19 to 6 days in the Q2 cohort",
	"churn in the segment dropped to 1.1 percent a month over two quarters",
	"eleven of twelve interviewed owners named it as their reason to buy",
	"a two-week A/B test on 2,400 accounts showed a 14 percent lift",
	"support tickets on the topic fell by 62 percent after launch",
	"net revenue retention reached 118 percent over the last four quarters",
	"the sync error rate stayed below 0.3 percent of jobs since March",
	"a price test across 600 trials showed no drop in conversion",
	"field observation of 18 crews found no workaround in use",
}

// metrics name what signals measure; down means lower is better.
var metrics = []struct {
	name, unit string
	down       bool
}{
	{"Weekly active technicians", "technicians", false},
	{"Time to first invoice", "days", true},
	{"Quote acceptance rate", "%", false},
	{"First-time fix rate", "%", false},
	{"Net revenue retention", "%", false},
	{"Jobs per technician per day", "jobs", false},
	{"Days sales outstanding", "days", true},
	{"Callback rate", "%", true},
	{"Trial to paid conversion", "%", false},
	{"Monthly logo churn", "%", true},
	{"Support tickets per account", "tickets", true},
	{"Sync error rate", "%", true},
	{"Membership attach rate", "%", false},
	{"Average drive time per job", "minutes", true},
	{"Self-serve activation", "%", false},
	{"Review request response rate", "%", false},
}

var scopes = []string{
	"in the pilot cohort", "for new accounts", "in Texas", "for franchise groups",
	"on Android", "in the busy season", "for small shops", "for commercial accounts",
	"in Canada", "for the UK launch", "across all customers", "for key accounts",
	"after onboarding", "in the first 90 days", "for multi-trade contractors",
}

var cadences = []string{"weekly", "monthly", "quarterly", "daily"}

var sources = []string{
	"Product analytics events, deduplicated per account",
	"The billing system, exported nightly",
	"Support desk tags, reviewed weekly by the support lead",
	"The sync service's error log",
	"Quarterly customer survey with at least 200 answers",
	"The data warehouse table jobs_daily",
}

var pageFolders = []string{"handbook", "research", "research/interviews", "meetings/2026", "principles", "notes"}

var pageTopics = []string{
	"How we plan", "Glossary", "Pricing notes", "Customer interview", "Offsite notes",
	"Operating principles", "Decision log", "Market map", "Competitor notes",
	"Hiring plan", "Board update", "Support themes", "Onboarding research",
	"Field visit", "Retrospective", "Roadmap narrative", "Partner notes",
	"Churn interviews", "Win-loss notes", "Weekly metrics memo",
}

// headings are section titles a body may use, each at most once per file.
var headings = []string{
	"Context", "What we learned", "Open questions", "Risks", "Next steps",
	"Customer evidence", "Scope", "What changed", "Options we considered",
	"Decision", "Timeline", "Dependencies", "How we will know", "Costs",
	"Who is involved", "Notes from the field", "Trade-offs", "Rollout",
	"Measurement", "History", "Related work", "Lessons", "Assumptions in play",
	"Out of scope",
}

// firstHeading is the heading every body of a kind starts with, so that
// generated links can point at a #fragment that exists.
var firstHeading = map[string]string{
	"direction":  "Why this direction",
	"initiative": "How it works",
	"signal":     "Definition",
	"review":     "Decisions taken",
	"page":       "Overview",
}

var codeSpans = []string{
	"stage: execute", "bearing check", "max_active", "next_review", "POST /v2/jobs",
	"jobs.created_at", "status: active", "must_be_true", "sync_errors_total",
	"price_book.csv", "GET /v2/technicians", "feature.offline_mode",
}

var fillerNouns = []string{
	"the office", "the owner", "the dispatcher", "each technician", "the customer",
	"the crew lead", "the sales team", "support", "the onboarding team",
	"finance", "the pilot group", "our partners", "the product team",
}

var fillerVerbs = []string{
	"spends", "loses", "saves", "wastes", "gains", "needs", "asks for",
	"complains about", "cannot find", "double-checks",
}

var fillerObjects = []string{
	"an hour every evening", "two calls per job", "the paperwork at month end",
	"a clear view of the day", "the job history", "the right parts on the truck",
	"a signature on site", "the invoice within a week", "an answer before lunch",
	"the price the customer was quoted", "the photos from the last visit",
}
