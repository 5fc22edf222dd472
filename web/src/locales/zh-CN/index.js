// Chinese (default) interface strings, one file per feature, merged here. Each feature file
// has the same keys as its namesake in ../en/ and no two files share a top-level key (a
// unit test checks both).
import common from './common.js'
import divisions from './divisions.js'
import grids from './grids.js'
import people from './people.js'
import accounts from './accounts.js'
import events from './events.js'
import services from './services.js'
import facilities from './facilities.js'
import audit from './audit.js'
import jobs from './jobs.js'
import workbench from './workbench.js'
import messages from './messages.js'
import outbox from './outbox.js'
import self from './self.js'
import kiosks from './kiosks.js'
import indicators from './indicators.js'
import care from './care.js'
import homeServices from './homeServices.js'
import mandatoryReports from './mandatoryReports.js'
import applications from './applications.js'
import rehabilitation from './rehabilitation.js'
import charity from './charity.js'
import socialWork from './socialWork.js'
import volunteers from './volunteers.js'
import socialOrgs from './socialOrgs.js'

/** The feature files by name (the unit test walks them). */
export const FEATURES = { common, divisions, grids, people, accounts, events, services, facilities, audit, jobs, workbench, messages, outbox, self, kiosks, indicators, care, homeServices, mandatoryReports, applications, rehabilitation, charity, socialWork, volunteers, socialOrgs }

export default { ...common, ...divisions, ...grids, ...people, ...accounts, ...events, ...services, ...facilities, ...audit, ...jobs, ...workbench, ...messages, ...outbox, ...self, ...kiosks, ...indicators, ...care, ...homeServices, ...mandatoryReports, ...applications, ...rehabilitation, ...charity, ...socialWork, ...volunteers, ...socialOrgs }
