package org.trdcds.rules;

import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.CqlCompilerOptions;
import org.cqframework.cql.cql2elm.LibraryBuilder;

/** The translator options used at build time; the ELM they produce is what the server runs. */
final class CqlOptions {
    private CqlOptions() {}

    static CqlCompilerOptions compilerOptions() {
        CqlCompilerOptions options = new CqlCompilerOptions(
                CqlCompilerException.ErrorSeverity.Info,
                LibraryBuilder.SignatureLevel.All,
                CqlCompilerOptions.Options.EnableResultTypes,
                CqlCompilerOptions.Options.EnableLocators,
                CqlCompilerOptions.Options.DisableListDemotion,
                CqlCompilerOptions.Options.DisableListPromotion);
        options.setErrorLevel(CqlCompilerException.ErrorSeverity.Error);
        return options;
    }
}
