// The Seg grammar: one chevrotain parser with error recovery, built once and reused. Its embedded
// actions build the AST directly (src/syntax/to-ast.ts); a CST would cost several times more.
// grammar/seg.ebnf is the reference text of the same grammar: keep them in step.
import {
  EmbeddedActionsParser,
  EOF,
  createTokenInstance,
  isRecognitionException,
  tokenMatcher,
  type IOrAlt,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type ISerializedGast,
  type IToken,
  type TokenType,
} from "chevrotain";
import { suggest } from "../diagnostics/suggest.js";
import type * as ast from "./ast.js";
import * as build from "./to-ast.js";
import * as t from "./tokens.js";

/**
 * Where to resume after a broken declaration: a declaration keyword followed by a name (or, for
 * `import`, anything; for `default`, `window`). Looser than the parser's declarationAhead, so that
 * a declaration with a broken head is still found.
 */
export function resumesDeclarations(first: IToken, second: IToken): boolean {
  switch (first.tokenType) {
    case t.Import:
      return true;
    case t.Default:
      return second.tokenType === t.Window;
    case t.Entity:
    case t.Events:
    case t.Measure:
    case t.Param:
    case t.Segment:
    case t.Segmentation:
      return tokenMatcher(second, t.Name);
    default:
      return false;
  }
}

/** A declaration that may be followed by more of its expression (`and …`). */
function endsInExpression(d: ast.Declaration | undefined): boolean {
  return d?.kind === "Segment" || d?.kind === "Measure" || d?.kind === "Param";
}

/** What a comparison tail returns: how to complete the comparison once its left operand is known. */
type Completion = (left: ast.Expr) => ast.Expr;

class SegParser extends EmbeddedActionsParser {
  /** Errors repaired by inserting the expected token: reported as missing rather than unexpected. */
  readonly insertions = new Set<IRecognitionException>();
  /** Errors found outside chevrotain (stray tokens, missing operands): it does not know about them. */
  readonly ownErrors: SyntaxErrorInfo[] = [];
  /** Doc comments of the file being parsed, by the offset of the token they document. */
  docs: ReadonlyMap<number, string> = new Map();

  /** What a rule that gave up on an expression returns (chevrotain calls it after re-syncing). */
  private readonly expressionRecovery = {
    recoveryValueFunc: (e: IRecognitionException): ast.Expr => build.errorExpr(this.skippedSpan(e)),
  };

  constructor() {
    super([...t.allTokens], { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  // ---------------------------------------------------------------- declarations

  // Every repetition sits at the end of its own rule (declarationList, fieldList, …): after a MANY
  // that is followed by a token in the same rule, or in the top rule, chevrotain's in-repetition
  // recovery re-enters the loop recursively once per stray token run and overflows the stack on
  // long broken inputs. Stray tokens are skipped iteratively by `list` instead.

  readonly file = this.RULE("file", (): ast.Declaration[] => {
    const declarations = this.SUBRULE(this.declarationList);
    // Consuming the end of input puts it in the follow sets, so a `)` or `}` missing at the very
    // end is inserted like anywhere else.
    this.CONSUME(EOF);
    return declarations;
  });

  private readonly declarationList = this.RULE("declarationList", (): ast.Declaration[] => {
    const declarations: ast.Declaration[] = [];
    this.list(
      () =>
        this.MANY(() => {
          const declaration = this.SUBRULE(this.declaration);
          if (declaration) declarations.push(declaration);
        }),
      () => (endsInExpression(declarations.at(-1)) ? "`and`, `or` or a new declaration" : declarationHint),
      this.declarationKeywordAhead,
    );
    return declarations;
  });

  private readonly declaration = this.RULE("declaration", (): ast.Declaration =>
    this.OR<ast.Declaration>([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.entityDecl) },
      { ALT: () => this.SUBRULE(this.eventsDecl) },
      { ALT: () => this.SUBRULE(this.measureDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.defaultWindowDecl) },
      { ALT: () => this.SUBRULE(this.segmentDecl) },
      { ALT: () => this.SUBRULE(this.segmentationDecl) },
    ]),
  );

  private readonly importDecl = this.RULE("importDecl", (): ast.ImportDecl => {
    const p: build.ImportParts = { keyword: this.CONSUME(t.Import) };
    this.recover(() => {
      p.path = this.CONSUME(t.StringLit);
    }, this.declarationKeywordAhead);
    return this.ACTION(() => build.importDecl(p));
  });

  private readonly entityDecl = this.RULE("entityDecl", (): ast.EntityDecl => {
    const p: build.EntityParts = { keyword: this.CONSUME(t.Entity) };
    this.recover(() => {
      p.name = this.CONSUME(t.Name);
      p.from = this.CONSUME(t.From);
      p.table = this.CONSUME(t.StringLit);
      p.keyKeyword = this.CONSUME(t.Key);
      p.key = this.CONSUME2(t.Name);
      p.block = this.SUBRULE(this.fieldBlock);
    }, this.declarationKeywordAhead);
    return this.ACTION(() => build.entityDecl(p, this.docFor(p.keyword)));
  });

  private readonly eventsDecl = this.RULE("eventsDecl", (): ast.EventsDecl => {
    const p: build.EventsParts = { keyword: this.CONSUME(t.Events) };
    this.recover(() => {
      p.name = this.CONSUME(t.Name);
      p.of = this.CONSUME(t.Of);
      p.entity = this.CONSUME2(t.Name);
      p.from = this.CONSUME(t.From);
      p.table = this.CONSUME(t.StringLit);
      p.byKeyword = this.CONSUME(t.By);
      p.by = this.SUBRULE(this.column);
      p.atKeyword = this.CONSUME(t.At);
      p.at = this.SUBRULE2(this.column);
      p.block = this.SUBRULE(this.fieldBlock);
    }, this.declarationKeywordAhead);
    return this.ACTION(() => build.eventsDecl(p, this.docFor(p.keyword)));
  });

  /** A column is a name or, when it is not an identifier, a string. */
  private readonly column = this.RULE("column", (): IToken =>
    this.OR([{ ALT: () => this.CONSUME(t.Name) }, { ALT: () => this.CONSUME(t.StringLit) }]),
  );

  private readonly fieldBlock = this.RULE("fieldBlock", (): build.FieldBlock => {
    const open = this.CONSUME(t.LCurly);
    const fields = this.SUBRULE(this.fieldList);
    const close = this.closing(() => this.CONSUME(t.RCurly));
    return { open, fields, close };
  });

  /** Fields, separated by newlines or commas. */
  private readonly fieldList = this.RULE("fieldList", (): ast.FieldDecl[] => {
    const fields: ast.FieldDecl[] = [];
    this.list(
      () =>
        this.MANY({
          GATE: () => !this.declarationAhead(),
          DEF: () => {
            fields.push(this.SUBRULE(this.field));
            this.OPTION(() => this.CONSUME(t.Comma));
          },
        }),
      () => "a field or `}`",
      this.fieldBoundary,
    );
    return fields;
  });

  private readonly field = this.RULE("field", (): ast.FieldDecl => {
    const p: build.FieldParts = { name: this.CONSUME(t.Name) };
    this.recover(() => {
      p.colon = this.CONSUME(t.Colon);
      p.type = this.SUBRULE(this.typeRef);
      this.OPTION(() => {
        p.question = this.CONSUME(t.Question);
      });
      // `from` followed by anything but a string is the next field, called `from`.
      this.OPTION2({
        GATE: () => this.LA(2).tokenType === t.StringLit,
        DEF: () => {
          p.from = this.CONSUME(t.From);
          p.column = this.CONSUME(t.StringLit);
        },
      });
    }, this.fieldBoundary);
    return this.ACTION(() => build.fieldDecl(p, this.docFor(p.name)));
  });

  /** `int`, `decimal(2)`, `enum("a", "b")`; the checker knows which names exist. */
  private readonly typeRef = this.RULE(
    "typeRef",
    (): ast.TypeRef => {
      const p: build.TypeParts = {
        // A name followed by `:` is the next field's: this type is missing.
        name: this.OR([{ GATE: () => this.LA(2).tokenType !== t.Colon, ALT: () => this.CONSUME(t.Name) }]),
      };
      this.OPTION(() => {
        p.open = this.CONSUME(t.LParen);
        this.OPTION2(() => {
          p.args = this.SUBRULE(this.typeArgs);
        });
        p.close = this.closing(() => this.CONSUME(t.RParen));
      });
      return this.ACTION(() => build.typeRef(p, 0));
    },
    { recoveryValueFunc: (e: IRecognitionException) => build.typeRef({ name: undefined }, this.skippedSpan(e).start) },
  );

  /** A decimal's scale or an enum's values. */
  private readonly typeArgs = this.RULE("typeArgs", (): IToken[] =>
    this.OR([
      { ALT: () => [this.CONSUME(t.NumberLit)] },
      {
        ALT: () => {
          const values = [this.CONSUME(t.StringLit)];
          this.MANY(() => {
            this.CONSUME(t.Comma);
            values.push(this.CONSUME2(t.StringLit));
          });
          return values;
        },
      },
    ]),
  );

  private readonly measureDecl = this.RULE("measureDecl", (): ast.MeasureDecl => {
    const p: build.MeasureParts = { keyword: this.CONSUME(t.Measure) };
    this.recover(() => {
      p.name = this.CONSUME(t.Name);
      p.eq = this.CONSUME(t.Eq);
      p.expr = this.SUBRULE(this.expression);
    }, this.declarationKeywordAhead);
    return this.ACTION(() => build.measureDecl(p, this.docFor(p.keyword)));
  });

  private readonly paramDecl = this.RULE("paramDecl", (): ast.ParamDecl => {
    const p: build.ParamParts = { keyword: this.CONSUME(t.Param) };
    this.recover(() => {
      p.name = this.CONSUME(t.Name);
      p.colon = this.CONSUME(t.Colon);
      p.type = this.SUBRULE(this.typeRef);
      p.eq = this.CONSUME(t.Eq);
      p.value = this.SUBRULE(this.expression);
    }, this.declarationKeywordAhead);
    return this.ACTION(() => build.paramDecl(p, this.docFor(p.keyword)));
  });

  private readonly defaultWindowDecl = this.RULE("defaultWindowDecl", (): ast.DefaultWindowDecl => {
    const p: build.DefaultWindowParts = { keyword: this.CONSUME(t.Default) };
    this.recover(() => {
      p.windowKeyword = this.CONSUME(t.Window);
      p.window = this.SUBRULE(this.window);
    }, this.declarationKeywordAhead);
    return this.ACTION(() => build.defaultWindowDecl(p));
  });

  private readonly segmentDecl = this.RULE("segmentDecl", (): ast.SegmentDecl => {
    const p: build.SegmentParts = { keyword: this.CONSUME(t.Segment) };
    this.recover(() => {
      p.name = this.CONSUME(t.Name);
      this.OPTION(() => {
        p.for = this.CONSUME(t.For);
        p.entity = this.CONSUME2(t.Name);
      });
      p.where = this.CONSUME(t.Where);
      p.condition = this.SUBRULE(this.expression);
    }, this.declarationKeywordAhead);
    return this.ACTION(() => build.segmentDecl(p, this.docFor(p.keyword)));
  });

  private readonly segmentationDecl = this.RULE("segmentationDecl", (): ast.SegmentationDecl => {
    const p: build.SegmentationParts = { keyword: this.CONSUME(t.Segmentation) };
    this.recover(() => {
      p.name = this.CONSUME(t.Name);
      this.OPTION(() => {
        p.for = this.CONSUME(t.For);
        p.entity = this.CONSUME2(t.Name);
      });
      p.open = this.CONSUME(t.LCurly);
      p.branches = this.SUBRULE(this.branchList);
      p.close = this.closing(() => this.CONSUME(t.RCurly));
    }, this.declarationKeywordAhead);
    return this.ACTION(() => build.segmentationDecl(p, this.docFor(p.keyword)));
  });

  /** Tiers, separated by newlines or commas. */
  private readonly branchList = this.RULE("branchList", (): ast.Branch[] => {
    const branches: ast.Branch[] = [];
    this.list(
      () =>
        this.MANY({
          GATE: () => !this.declarationAhead(),
          DEF: () => {
            branches.push(this.SUBRULE(this.branch));
            this.OPTION(() => this.CONSUME(t.Comma));
          },
        }),
      () => (branches.at(-1)?.condition ? "`and`, `or`, a tier or `}`" : "a tier or `}`"),
      this.branchBoundary,
    );
    return branches;
  });

  private readonly branch = this.RULE("branch", (): ast.Branch => {
    const p: build.BranchParts = { name: this.CONSUME(t.Name) };
    this.recover(() => {
      this.OR([
        {
          ALT: () => {
            p.where = this.CONSUME(t.Where);
            p.condition = this.SUBRULE(this.expression);
          },
        },
        {
          ALT: () => {
            p.otherwise = this.CONSUME(t.Otherwise);
          },
        },
      ]);
    }, this.branchBoundary);
    return this.ACTION(() => build.branch(p, this.docFor(p.name)));
  });

  // ---------------------------------------------------------------- windows

  private readonly window = this.RULE(
    "window",
    (): ast.Window =>
      this.OR<ast.Window>([
        {
          ALT: () => {
            const last = this.CONSUME(t.Last);
            const duration = this.SUBRULE(this.duration);
            return this.ACTION(() => build.lastWindow(last, duration));
          },
        },
        {
          ALT: () => {
            const from = this.CONSUME(t.From);
            const start = this.SUBRULE(this.primary);
            this.CONSUME(t.To);
            const end = this.SUBRULE2(this.primary);
            return this.ACTION(() => build.rangeWindow(from, start, end));
          },
        },
      ]),
    { recoveryValueFunc: (e: IRecognitionException) => build.missingWindow(this.skippedSpan(e).start) },
  );

  private readonly duration = this.RULE(
    "duration",
    (): ast.Duration => {
      const amount = this.CONSUME(t.NumberLit);
      const unit = this.CONSUME(t.Unit);
      return this.ACTION(() => build.duration(amount, unit));
    },
    { recoveryValueFunc: (e: IRecognitionException) => build.missingWindow(this.skippedSpan(e).start).duration },
  );

  // ---------------------------------------------------------------- expressions

  // For speed, each precedence band of binary operators is read as one flat sequence and the
  // builders apply the precedences (and over or; * and / over + and -). grammar/seg.ebnf spells
  // out the levels: or, and, not, comparison, + -, * /, unary -, postfix `over`, primary.

  /** Conditions joined by `and` and `or`. */
  private readonly expression = this.RULE(
    "expression",
    (): ast.Expr => {
      const first = this.SUBRULE(this.comparison);
      let rest: [IToken, ast.Expr][] | undefined;
      this.MANY(() => {
        const op = this.OR(this.logicalOperators);
        (rest ??= []).push([op, this.SUBRULE2(this.comparison)]);
      });
      return rest ? this.ACTION(() => build.logicalChain(first, rest!)) : first;
    },
    this.expressionRecovery,
  );

  private readonly logicalOperators: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(t.And) },
    { ALT: () => this.CONSUME(t.Or) },
  ];

  /** `not`s, then an operand and at most one comparison: comparisons do not chain. */
  private readonly comparison = this.RULE(
    "comparison",
    (): ast.Expr => {
      let nots: IToken[] | undefined;
      this.MANY(() => (nots ??= []).push(this.CONSUME(t.Not)));
      const left = this.SUBRULE(this.arithmetic);
      const complete = this.OPTION(this.comparisonTail);
      if (!complete && !nots) return left;
      return this.ACTION(() => {
        const compared = complete ? complete(left) : left;
        return nots ? build.negations(nots, compared) : compared;
      });
    },
    this.expressionRecovery,
  );

  private readonly comparisonTail = { GATE: this.notBeforeBranch, DEF: () => this.OR2(this.comparisonTails) };

  // Each tail returns how to complete the comparison given its left operand.
  private readonly comparisonTails: IOrAlt<Completion>[] = [
    { ALT: () => this.SUBRULE(this.compareRhs) },
    { ALT: () => this.SUBRULE(this.betweenRhs, { ARGS: [false] }) },
    { ALT: () => this.SUBRULE(this.inRhs) },
    { ALT: () => this.SUBRULE(this.notRhs) },
    { ALT: () => this.SUBRULE(this.isNullRhs) },
    { ALT: () => this.SUBRULE(this.matchRhs) },
    { ALT: () => this.SUBRULE(this.withinRhs) },
  ];

  /** `= != < <= > >=`, optionally a rate. */
  private readonly compareRhs = this.RULE("compareRhs", (): Completion => {
    const op = this.CONSUME(t.CompareOp);
    const right = this.SUBRULE(this.arithmetic);
    const rate = this.OPTION({ GATE: this.notBeforeBranch, DEF: () => this.SUBRULE(this.rate) });
    return (left) => build.compare(left, op, right, rate);
  });

  /** `per month [over …]`, `every week [over …]`, `in at least 6 of 8 weeks` */
  private readonly rate = this.RULE("rate", (): ast.Rate =>
    this.OR<ast.Rate>([
      {
        ALT: () => {
          const keyword = this.OR2([{ ALT: () => this.CONSUME(t.Per) }, { ALT: () => this.CONSUME(t.Every) }]);
          const unit = this.CONSUME(t.Unit);
          const window = this.OPTION({
            GATE: this.notBeforeBranch,
            DEF: () => {
              this.CONSUME(t.Over);
              return this.SUBRULE(this.window);
            },
          });
          return this.ACTION(() => build.perRate(keyword, unit, window));
        },
      },
      {
        ALT: () => {
          const inToken = this.CONSUME(t.In);
          this.CONSUME(t.At);
          this.CONSUME(t.Least);
          const k = this.CONSUME(t.NumberLit);
          this.CONSUME(t.Of);
          const m = this.CONSUME2(t.NumberLit);
          const unit = this.CONSUME2(t.Unit);
          return this.ACTION(() => build.atLeastRate(inToken, k, m, unit));
        },
      },
    ]),
  );

  private readonly betweenRhs = this.RULE("betweenRhs", (negated: boolean): Completion => {
    this.CONSUME(t.Between);
    const low = this.SUBRULE(this.arithmetic);
    this.CONSUME(t.And);
    const high = this.SUBRULE2(this.arithmetic);
    return (left) => build.between(left, negated, low, high);
  });

  /** `in (…)`, `in top 10%`, `in bottom 25%` */
  private readonly inRhs = this.RULE("inRhs", (): Completion => {
    this.CONSUME(t.In);
    return this.OR<Completion>([
      {
        ALT: () => {
          const list = this.SUBRULE(this.valueList);
          return (left) => build.inList(left, false, list);
        },
      },
      {
        ALT: () => {
          const direction = this.OR2([{ ALT: () => this.CONSUME(t.Top) }, { ALT: () => this.CONSUME(t.Bottom) }]);
          const percent = this.CONSUME(t.PercentLit);
          return (left) => build.rank(left, direction, percent);
        },
      },
    ]);
  });

  /** `not between …`, `not in (…)` */
  private readonly notRhs = this.RULE("notRhs", (): Completion => {
    this.CONSUME(t.Not);
    return this.OR<Completion>([
      { ALT: () => this.SUBRULE(this.betweenRhs, { ARGS: [true] }) },
      {
        ALT: () => {
          this.CONSUME(t.In);
          const list = this.SUBRULE(this.valueList);
          return (left) => build.inList(left, true, list);
        },
      },
    ]);
  });

  private readonly valueList = this.RULE(
    "valueList",
    (): build.ValueList => {
      const open = this.CONSUME(t.LParen);
      const values = this.SUBRULE(this.values);
      const close = this.closing(() => this.CONSUME(t.RParen));
      return { open, values, close };
    },
    { recoveryValueFunc: (): build.ValueList => ({ values: [] }) },
  );

  private readonly values = this.RULE(
    "values",
    (): ast.Expr[] => {
      const values = [this.SUBRULE(this.expression)];
      this.MANY(() => {
        this.CONSUME(t.Comma);
        values.push(this.SUBRULE2(this.expression));
      });
      return values;
    },
    { recoveryValueFunc: (): ast.Expr[] => [] },
  );

  private readonly isNullRhs = this.RULE("isNullRhs", (): Completion => {
    this.CONSUME(t.Is);
    const not = this.OPTION(() => this.CONSUME(t.Not));
    const nullToken = this.CONSUME(t.Null);
    return (left) => build.isNull(left, not, nullToken);
  });

  /** `contains …`, `starts with …`, `ends with …` */
  private readonly matchRhs = this.RULE("matchRhs", (): Completion => {
    const op = this.OR([
      { ALT: () => this.CONSUME(t.Contains) },
      {
        ALT: () => {
          const starts = this.CONSUME(t.Starts);
          this.CONSUME(t.With);
          return starts;
        },
      },
      {
        ALT: () => {
          const ends = this.CONSUME(t.Ends);
          this.CONSUME2(t.With);
          return ends;
        },
      },
    ]);
    const pattern = this.SUBRULE(this.arithmetic);
    return (left) => build.stringMatch(op, left, pattern);
  });

  /** `within last 30 days` */
  private readonly withinRhs = this.RULE("withinRhs", (): Completion => {
    this.CONSUME(t.Within);
    this.CONSUME(t.Last);
    const duration = this.SUBRULE(this.duration);
    return (left) => build.within(left, duration);
  });

  /** Operands joined by `+ - * /`. */
  private readonly arithmetic = this.RULE(
    "arithmetic",
    (): ast.Expr => {
      const first = this.SUBRULE(this.operand);
      let rest: [IToken, ast.Expr][] | undefined;
      this.MANY(() => {
        const op = this.OR(this.arithmeticOperators);
        (rest ??= []).push([op, this.SUBRULE2(this.operand)]);
      });
      return rest ? this.ACTION(() => build.arithmeticChain(first, rest!)) : first;
    },
    this.expressionRecovery,
  );

  private readonly arithmeticOperators: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(t.AddOp) },
    { ALT: () => this.CONSUME(t.MulOp) },
  ];

  /** Unary minus, then a primary with its windows: `over` binds tightest. */
  private readonly operand = this.RULE(
    "operand",
    (): ast.Expr => {
      let signs: IToken[] | undefined;
      this.MANY(() => (signs ??= []).push(this.CONSUME(t.Minus)));
      let expr = this.SUBRULE(this.primary);
      this.MANY2({
        GATE: this.notBeforeBranch,
        DEF: () => {
          this.CONSUME(t.Over);
          const window = this.SUBRULE(this.window);
          expr = this.ACTION(() => build.windowed(expr, window));
        },
      });
      return signs ? this.ACTION(() => build.minuses(signs!, expr)) : expr;
    },
    this.expressionRecovery,
  );

  private readonly primary = this.RULE(
    "primary",
    (): ast.Expr => {
      // A name that starts the next declaration or tier is no operand: the operand is missing and the
      // broken expression ends here (but `count(orders where …)` is a filter). Checked before the
      // alternatives, as a gate on one of them would cost an allocation per primary.
      if (this.declarationAhead() || (this.branchHeadAhead() && this.LA(0).tokenType !== t.LParen)) {
        return this.missingOperand();
      }
      const first = this.LA(1);
      try {
        return this.OR(this.primaries);
      } catch (e) {
        // An operand missing before a closing token or the next declaration: an ErrorExpr stands in
        // and the enclosing expression is kept. Any other stray token is left to chevrotain's re-sync.
        if (!isRecognitionException(e as Error) || this.LA(1) !== first || !this.atClosing()) throw e;
        return build.errorExpr(this.skippedSpan(e as IRecognitionException));
      }
    },
    this.expressionRecovery,
  );

  private readonly primaries: IOrAlt<ast.Expr>[] = [
    {
      ALT: () => {
        const amount = this.CONSUME(t.NumberLit);
        const ago = this.OPTION(this.agoSuffix);
        return ago ? this.ACTION(() => build.ago(amount, ago[0], ago[1])) : this.action(build.number, amount);
      },
    },
    { ALT: () => this.action(build.number, this.CONSUME(t.PercentLit)) },
    { ALT: () => this.action(build.string, this.CONSUME(t.StringLit)) },
    { ALT: () => this.action(build.boolean, this.CONSUME(t.True)) },
    { ALT: () => this.action(build.boolean, this.CONSUME(t.False)) },
    { ALT: () => this.action(build.nullLiteral, this.CONSUME(t.Null)) },
    { ALT: () => this.action(build.now, this.CONSUME(t.Now)) },
    {
      ALT: () => {
        const keyword = this.CONSUME(t.DateKw);
        const value = this.CONSUME2(t.StringLit);
        return this.ACTION(() => build.typedLiteral(keyword, value));
      },
    },
    {
      ALT: () => {
        const keyword = this.CONSUME(t.TimestampKw);
        const value = this.CONSUME3(t.StringLit);
        return this.ACTION(() => build.typedLiteral(keyword, value));
      },
    },
    {
      ALT: () => {
        const name = this.CONSUME(t.Name);
        const suffix = this.OPTION2(this.nameSuffixOption);
        return suffix ? this.ACTION(() => suffix(name)) : this.action(build.name, name);
      },
    },
    {
      ALT: () => {
        const open = this.CONSUME(t.LParen);
        const expr = this.SUBRULE(this.expression);
        const close = this.closing(() => this.CONSUME(t.RParen));
        return this.ACTION(() => build.paren(open, expr, close));
      },
    },
  ];

  private readonly nameSuffixOption = (): ((name: IToken) => ast.Expr) => this.SUBRULE(this.nameSuffix);

  /** `30 days ago` after the number. */
  private readonly agoSuffix = {
    GATE: this.notBeforeBranch,
    DEF: (): [IToken, IToken] => [this.CONSUME(t.Unit), this.CONSUME(t.Ago)],
  };

  /** A call's arguments or a member after a name. */
  private readonly nameSuffix = this.RULE("nameSuffix", (): ((name: IToken) => ast.Expr) =>
    this.OR([
      {
        ALT: () => {
          const args = this.SUBRULE(this.callArgs);
          return (name: IToken) => build.call(name, args);
        },
      },
      {
        ALT: () => {
          const dot = this.CONSUME(t.Dot);
          const property = this.CONSUME2(t.Name);
          return (name: IToken) => build.member(name, dot, property);
        },
      },
    ]),
  );

  private readonly callArgs = this.RULE(
    "callArgs",
    (): build.CallArgs => {
      const open = this.CONSUME(t.LParen);
      const args = this.OPTION(() => this.SUBRULE(this.arguments));
      const close = this.closing(() => this.CONSUME(t.RParen));
      return { open, ...(args ?? { args: [] }), close };
    },
    { recoveryValueFunc: (): build.CallArgs => ({ args: [] }) },
  );

  /** A `where` filter may follow the first argument. */
  private readonly arguments = this.RULE(
    "arguments",
    (): build.Arguments => {
      const args = [this.SUBRULE(this.expression)];
      let filter: ast.Expr | undefined;
      this.OPTION(() => {
        this.CONSUME(t.Where);
        filter = this.SUBRULE2(this.expression);
      });
      this.MANY(() => {
        this.CONSUME(t.Comma);
        args.push(this.SUBRULE3(this.expression));
      });
      return { args, filter };
    },
    { recoveryValueFunc: (): build.Arguments => ({ args: [] }) },
  );

  // ---------------------------------------------------------------- helpers

  /** ACTION for a one-argument builder, without a closure: skipped while chevrotain records the grammar. */
  private action<A, R>(f: (a: A) => R, a: A): R {
    return this.RECORDING_PHASE ? (undefined as R) : f(a);
  }

  private docFor(token: IToken): string | undefined {
    return this.docs.get(token.startOffset);
  }

  /**
   * Runs a repetition again and again: each run of tokens that stops it before `resume` holds is
   * reported once (as "expected …") and skipped.
   */
  private list(repetition: () => void, expected: () => string, resume: (this: SegParser) => boolean): void {
    for (;;) {
      repetition();
      if (this.LA(1).tokenType === EOF || resume.call(this)) return;
      const previous = this.LA(0);
      this.ownErrors.push({ expected: after(expected(), previous), token: this.LA(1), previous, cause: "stray" });
      do this.SKIP_TOKEN();
      while (this.LA(1).tokenType !== EOF && !resume.call(this));
    }
  }

  /** Reports an operand missing before the next token, and stands an ErrorExpr in for it. */
  private missingOperand(): ast.ErrorExpr {
    const previous = this.LA(0);
    const expected = after(expectedAlternative("primary", previous, []), previous);
    this.ownErrors.push({ expected, token: this.LA(1), previous, cause: "mismatch" });
    const end = previous.tokenType === EOF ? 0 : build.tokenEnd(previous);
    return build.errorExpr({ start: end, end });
  }

  /** A closing token; when it is missing before the end of what encloses it, the node is kept without it. */
  private closing(consume: () => IToken): IToken | undefined {
    try {
      return consume();
    } catch (e) {
      if (isRecognitionException(e as Error) && this.atClosing()) return undefined;
      throw e;
    }
  }

  /** A token that ends whatever is open here: the end of input, a closing bracket, a comma, a new declaration or tier. */
  private atClosing(): boolean {
    const next = this.LA(1).tokenType;
    return (
      next === EOF ||
      next === t.RParen ||
      next === t.RCurly ||
      next === t.Comma ||
      this.declarationKeywordAhead() ||
      this.branchHeadAhead()
    );
  }

  /**
   * Runs `body`; on a syntax error that no inner rule recovered from, skips to where `stop` holds
   * and lets the caller build the node from the parts it has. This keeps a declaration whose
   * condition is broken, instead of dropping it as chevrotain's own re-sync would.
   */
  private recover(body: () => void, stop: (this: SegParser) => boolean): void {
    try {
      body();
    } catch (e) {
      if (!isRecognitionException(e as Error)) throw e;
      while (this.LA(1).tokenType !== EOF && !stop.call(this)) this.SKIP_TOKEN();
    }
  }

  /** After a re-sync: the tokens skipped from the offending one on, or zero-width after the last good token. */
  private skippedSpan(e: IRecognitionException): ast.Span {
    const last = this.LA(0);
    const end = last.tokenType === EOF ? 0 : build.tokenEnd(last);
    const start = e.token.tokenType === EOF ? end : e.token.startOffset;
    return start < end ? { start, end } : { start: end, end };
  }

  // Chevrotain decides with lookahead inside one rule only. A tier name (`Name where`,
  // `Name otherwise`) may be a contextual keyword such as `week` or `over`, which must not
  // continue the previous tier's condition; a declaration keyword must not be swallowed as a
  // name by an unfinished expression. These gates look further.

  private notBeforeBranch(): boolean {
    const second = this.LA(2).tokenType;
    return second !== t.Where && second !== t.Otherwise;
  }

  private branchHeadAhead(): boolean {
    return tokenMatcher(this.LA(1), t.Name) && !this.notBeforeBranch();
  }

  /** Exactly the start of a declaration, as far as three tokens tell. */
  private declarationAhead(): boolean {
    const second = this.LA(2);
    const third = this.LA(3).tokenType;
    switch (this.LA(1).tokenType) {
      case t.Import:
        return second.tokenType === t.StringLit;
      case t.Default:
        return second.tokenType === t.Window;
      case t.Entity:
        return tokenMatcher(second, t.Name) && third === t.From;
      case t.Events:
        return tokenMatcher(second, t.Name) && third === t.Of;
      case t.Measure:
        return tokenMatcher(second, t.Name) && third === t.Eq;
      case t.Param:
        return tokenMatcher(second, t.Name) && third === t.Colon;
      case t.Segment:
        return tokenMatcher(second, t.Name) && (third === t.Where || third === t.For);
      case t.Segmentation:
        return tokenMatcher(second, t.Name) && (third === t.LCurly || third === t.For);
      default:
        return false;
    }
  }

  private declarationKeywordAhead(): boolean {
    return resumesDeclarations(this.LA(1), this.LA(2));
  }

  private fieldBoundary(): boolean {
    const next = this.LA(1).tokenType;
    return (
      next === t.RCurly ||
      next === t.Comma ||
      (tokenMatcher(this.LA(1), t.Name) && this.LA(2).tokenType === t.Colon) ||
      this.declarationKeywordAhead()
    );
  }

  private branchBoundary(): boolean {
    const next = this.LA(1).tokenType;
    return next === t.RCurly || next === t.Comma || this.branchHeadAhead() || this.declarationKeywordAhead();
  }

  /** `wher y` is a misspelt keyword, not a missing one: inserting `where` would read `wher` as a name. */
  protected override canTokenTypeBeInsertedInRecovery(tokType: TokenType): boolean {
    const next = this.LA(1);
    const word = tokType.PATTERN;
    return !(next.tokenType === t.Identifier && typeof word === "string" && suggest(next.image, [word]).length > 0);
  }

  /** The inserted token sits, zero-width, at the end of the previous token. */
  protected override getTokenToInsert(tokType: TokenType): IToken {
    const previous = this.LA(0);
    const at = previous.tokenType === EOF ? 0 : build.tokenEnd(previous);
    const token = createTokenInstance(tokType, "", at, at - 1, NaN, NaN, NaN, NaN);
    token.isInsertedInRecovery = true;
    const last = this.errors.at(-1);
    if (last) this.insertions.add(last);
    return token;
  }
}

// ---------------------------------------------------------------- messages

// The provider says only what was expected ("a name after `segment`"); parse.ts adds what was
// found and turns it into a diagnostic.

const declarationHint = "a declaration such as `segment`, `measure` or `entity`";

const expectedTokenByRule: Readonly<Record<string, string>> = {
  "fieldBlock:RCurly": "a field or `}`",
  "segmentationDecl:RCurly": "a tier or `}`",
};

const expectedByRule: Readonly<Record<string, string>> = {
  window: "a window such as `last 30 days` or `from … to …`",
  column: "a column name",
  typeRef: "a type such as `int` or `string`",
};

function after(what: string, previous: IToken | undefined): string {
  if (!previous || previous.tokenType === EOF || previous.image === "" || what === declarationHint) return what;
  const image = previous.image.length > 24 ? `${previous.image.slice(0, 24)}…` : previous.image;
  return `${what} after \`${image}\``;
}

function oneOf(types: readonly TokenType[]): string {
  const labels = [...new Set(types.map(t.describeTokenType))];
  if (labels.length <= 1) return labels[0] ?? "something else";
  return `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
}

function expectedAlternative(ruleName: string, previous: IToken, paths: readonly (readonly TokenType[])[]): string {
  if (ruleName === "primary") return previous.tokenType === t.Where ? "a condition" : "an expression";
  return expectedByRule[ruleName] ?? oneOf(paths.flatMap((path) => path.slice(0, 1)));
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, previous, ruleName }) =>
    after(expectedTokenByRule[`${ruleName}:${expected.name}`] ?? t.describeTokenType(expected), previous),
  buildNotAllInputParsedMessage: () => declarationHint,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, previous, ruleName }) =>
    after(expectedAlternative(ruleName, previous, expectedPathsPerAlt.flat()), previous),
  buildEarlyExitMessage: ({ expectedIterationPaths, previous, ruleName }) =>
    after(expectedAlternative(ruleName, previous, expectedIterationPaths), previous),
};

// ---------------------------------------------------------------- entry points

const parser = new SegParser();

export interface SyntaxErrorInfo {
  /** What the parser expected, e.g. "a name after `segment`". */
  readonly expected: string;
  /** The offending token (EOF at the end of input). */
  readonly token: IToken;
  /** The last token consumed before the error, if any. */
  readonly previous: IToken | undefined;
  /**
   * `missing`: the parser inserted the expected token. `stray`: tokens after a complete construct.
   * `mismatch`: the token does not fit here; something may be missing before it.
   */
  readonly cause: "missing" | "stray" | "mismatch";
}

export interface ParsedDeclarations {
  readonly declarations: readonly ast.Declaration[];
  readonly errors: readonly SyntaxErrorInfo[];
}

/** Parses a token vector (comments removed). `docs` maps a token's offset to the doc comment before it. */
export function parseTokens(tokens: IToken[], docs: ReadonlyMap<number, string>): ParsedDeclarations {
  parser.input = tokens;
  parser.docs = docs;
  try {
    const declarations = parser.file();
    const errors = parser.errors.map((e) => ({
      expected: e.message,
      token: e.token,
      previous: (e as { previousToken?: IToken }).previousToken,
      cause: parser.insertions.has(e) ? ("missing" as const) : ("mismatch" as const),
    }));
    return { declarations, errors: [...errors, ...parser.ownErrors] };
  } finally {
    parser.insertions.clear();
    parser.ownErrors.length = 0;
    parser.docs = new Map();
    parser.input = [];
  }
}

/** The grammar as chevrotain serialises it, for railroad diagrams. */
export function serializedGrammar(): ISerializedGast[] {
  return parser.getSerializedGastProductions();
}
