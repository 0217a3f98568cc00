/* Validates SBML files with libSBML (Debian's libsbml5-dev): the reader's errors plus the consistency checks
 * (identifiers, MathML, units, SBO, overdetermination, modelling practice). Prints one line per problem of severity
 * error or fatal and a summary line per file with the warnings counted apart for units (most are "cannot be fully
 * checked": parameters without declared units); exits 1 when any file has an error. Usage: sbml_check FILE.xml [FILE.xml ...] */
#include <sbml/SBMLTypes.h>
#include <stdio.h>

int main(int argc, char **argv) {
  int bad = 0;
  for (int f = 1; f < argc; f++) {
    SBMLDocument_t *doc = readSBML(argv[f]);
    SBMLDocument_checkConsistency(doc);
    unsigned int n = SBMLDocument_getNumErrors(doc), errors = 0, warnings = 0, unit_warnings = 0;
    unsigned int ids[64], counts[64], kinds = 0; /* the other warnings by libSBML id */
    for (unsigned int i = 0; i < n; i++) {
      const XMLError_t *e = (const XMLError_t *)SBMLDocument_getError(doc, i); /* an SBMLError is an XMLError */
      if (XMLError_isError(e) || XMLError_isFatal(e)) {
        errors++;
        printf("%s:%u: error %u: %s\n", argv[f], XMLError_getLine(e), XMLError_getErrorId(e), XMLError_getMessage(e));
      } else if (XMLError_isWarning(e)) {
        if (XMLError_getCategory(e) == LIBSBML_CAT_UNITS_CONSISTENCY) { unit_warnings++; continue; }
        warnings++;
        unsigned int id = XMLError_getErrorId(e), k = 0;
        while (k < kinds && ids[k] != id) k++;
        if (k == kinds && kinds < 64) { ids[kinds] = id; counts[kinds++] = 0; }
        if (k < 64) counts[k]++;
      }
    }
    printf("%s: SBML Level %u Version %u, %u errors, %u unit warnings, %u other warnings (libSBML %s)\n", argv[f],
           SBMLDocument_getLevel(doc), SBMLDocument_getVersion(doc), errors, unit_warnings, warnings,
           getLibSBMLDottedVersion());
    for (unsigned int k = 0; k < kinds; k++) printf("  warning %u x %u\n", ids[k], counts[k]);
    if (errors) bad = 1;
    SBMLDocument_free(doc);
  }
  return bad;
}
