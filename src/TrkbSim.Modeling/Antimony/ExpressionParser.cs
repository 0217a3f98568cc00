using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Antimony;

/// <summary>
/// Parses Antimony infix math into <see cref="Expr"/>. Precedence, loosest first: <c>||</c>, <c>&amp;&amp;</c>,
/// comparisons, <c>+ -</c>, <c>* /</c>, unary <c>- + !</c>, then <c>^</c> (right-associative, binding tighter
/// than unary minus so that <c>-x^2</c> is <c>-(x^2)</c>).
/// </summary>
internal sealed class ExpressionParser(TokenCursor cursor)
{
    private int _depth;
    private int _nesting;
    private NumberExpr? _lastLiteral;

    /// <summary>The unit written after the last number literal parsed (<c>3 mM</c>), if any.</summary>
    public string? LastLiteralUnit { get; private set; }

    public Expr Parse(IMathSink sink)
    {
        LastLiteralUnit = null;
        var start = cursor.Current;
        var e = ParseOr(sink);
        if (ExprSize.Measure(e).Depth > ExprSize.MaxDepth)
            throw cursor.Error($"expression nests deeper than {ExprSize.MaxDepth} levels (a chain of more than {ExprSize.MaxDepth} operators); split it into named parts", start);
        return e;
    }

    private Token Cur
    {
        get
        {
            if (_depth > 0) cursor.SkipNewlines();
            return cursor.Current;
        }
    }

    private void NextOperand()
    {
        cursor.Next();
        cursor.SkipNewlines();
    }

    private Expr ParseOr(IMathSink sink)
    {
        var left = ParseAnd(sink);
        while (Cur.Is(TokenKind.OrOr))
        {
            NextOperand();
            left = Expr.Call(Ops.Or, left, ParseAnd(sink));
        }
        return left;
    }

    private Expr ParseAnd(IMathSink sink)
    {
        var left = ParseRelation(sink);
        while (Cur.Is(TokenKind.AndAnd))
        {
            NextOperand();
            left = Expr.Call(Ops.And, left, ParseRelation(sink));
        }
        return left;
    }

    private Expr ParseRelation(IMathSink sink)
    {
        var left = ParseAdditive(sink);
        while (true)
        {
            string? op = Cur.Kind switch
            {
                TokenKind.Eq => Ops.Eq,
                TokenKind.Neq => Ops.Neq,
                TokenKind.Lt => Ops.Lt,
                TokenKind.Gt => Ops.Gt,
                TokenKind.Leq => Ops.Leq,
                TokenKind.Geq => Ops.Geq,
                _ => null,
            };
            if (op is null) return left;
            NextOperand();
            left = Expr.Call(op, left, ParseAdditive(sink));
        }
    }

    private Expr ParseAdditive(IMathSink sink)
    {
        var left = ParseMultiplicative(sink);
        while (Cur.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            string op = Cur.Is(TokenKind.Plus) ? Ops.Plus : Ops.Minus;
            NextOperand();
            left = Expr.Call(op, left, ParseMultiplicative(sink));
        }
        return left;
    }

    private Expr ParseMultiplicative(IMathSink sink)
    {
        var left = ParseUnary(sink);
        while (Cur.Kind is TokenKind.Star or TokenKind.Slash)
        {
            bool divide = Cur.Is(TokenKind.Slash);
            NextOperand();
            var divisorToken = cursor.Current;
            var right = ParseUnary(sink);
            if (divide && right is NumberExpr { Value: 0 })
                throw cursor.Error("division by zero: the divisor is the literal 0", divisorToken);
            left = Expr.Call(divide ? Ops.Divide : Ops.Times, left, right);
        }
        return left;
    }

    private Expr ParseUnary(IMathSink sink)
    {
        // Every level of parentheses and every unary sign passes here: bound the recursion before it can exhaust the stack.
        if (++_nesting > ExprSize.MaxNesting)
            throw cursor.Error($"expression nested more than {ExprSize.MaxNesting} levels deep (parentheses or signs); split it into named parts");
        try { return ParseUnaryOperand(sink); }
        finally { _nesting--; }
    }

    private Expr ParseUnaryOperand(IMathSink sink)
    {
        switch (Cur.Kind)
        {
            case TokenKind.Minus:
                {
                    NextOperand();
                    bool literalFollows = cursor.Current.Is(TokenKind.Number);
                    var operand = ParseUnary(sink);
                    // "-2" is the number -2, but "-(2)" and "-2^2" stay negations.
                    if (literalFollows && operand is NumberExpr n && ReferenceEquals(n, _lastLiteral))
                        return _lastLiteral = new NumberExpr(-n.Value);
                    return Expr.Call(Ops.Minus, operand);
                }
            case TokenKind.Plus:
                NextOperand();
                return ParseUnary(sink);
            case TokenKind.Bang:
                NextOperand();
                return Expr.Call(Ops.Not, ParseUnary(sink));
            default:
                return ParsePower(sink);
        }
    }

    private Expr ParsePower(IMathSink sink)
    {
        var b = ParsePrimary(sink);
        if (!Cur.Is(TokenKind.Caret)) return b;
        NextOperand();
        return Expr.Call(Ops.Power, b, ParseUnary(sink));
    }

    private Expr ParsePrimary(IMathSink sink)
    {
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.Number:
                {
                    cursor.Next();
                    var n = new NumberExpr(t.Number);
                    _lastLiteral = n;
                    LastLiteralUnit = null;
                    // A name right after a number is its unit (units never change the number).
                    if (cursor.Current.Is(TokenKind.Identifier) && !AntimonyNames.Reserved.Contains(cursor.Current.Text)
                        && cursor.Peek().Kind is not (TokenKind.LParen or TokenKind.Assign or TokenKind.ColonAssign
                            or TokenKind.Prime or TokenKind.Colon or TokenKind.Dot))
                        LastLiteralUnit = cursor.Next().Text;
                    return n;
                }
            case TokenKind.LParen:
                {
                    cursor.Next();
                    _depth++;
                    var inner = ParseOr(sink);
                    if (!Cur.Is(TokenKind.RParen))
                        throw cursor.Error($"expected ')' to close the '(' at {t.Line}:{t.Column}, found {cursor.Current.Describe()}");
                    _depth--;
                    cursor.Next();
                    return inner;
                }
            case TokenKind.Identifier:
                return ParseName(sink, t);
            default:
                throw cursor.Error($"expected a number, a name or '(' in the expression, found {t.Describe()}");
        }
    }

    private Expr ParseName(IMathSink sink, Token t)
    {
        cursor.Next();
        if (cursor.Current.Is(TokenKind.LParen)) return ParseCall(sink, t);
        if (AntimonyNames.Constant(t.Text) is { } constant) return constant;
        if (AntimonyNames.Reserved.Contains(t.Text))
            throw cursor.Error($"unexpected keyword '{t.Text}' in the expression; expected a value", t);
        if (cursor.Current.Is(TokenKind.Dot))
            throw cursor.Error($"'{t.Text}.{cursor.Peek().Text}': modules and submodels are not supported yet", t);
        sink.Reference(t.Text, cursor.Location(t));
        return new SymbolExpr(t.Text);
    }

    private Expr ParseCall(IMathSink sink, Token name)
    {
        cursor.Next(); // (
        _depth++;
        var args = new List<Expr>();
        if (!Cur.Is(TokenKind.RParen))
        {
            while (true)
            {
                args.Add(ParseOr(sink));
                if (Cur.Is(TokenKind.Comma)) { cursor.Next(); continue; }
                if (Cur.Is(TokenKind.RParen)) break;
                throw cursor.Error($"expected ',' or ')' in the arguments of '{name.Text}', found {cursor.Current.Describe()}");
            }
        }
        _depth--;
        cursor.Next(); // )
        if (AntimonyNames.IsBuiltInFunction(name.Text))
        {
            var (call, error) = AntimonyNames.BuiltInCall(name.Text, args);
            if (error is not null) throw cursor.Error($"wrong number of arguments: {error}, found {args.Count}", name);
            return call!;
        }
        if (AntimonyNames.Reserved.Contains(name.Text))
            throw cursor.Error($"'{name.Text}' is a keyword, not a function", name);
        sink.Call(name.Text, args.Count, cursor.Location(name));
        return new CallExpr(name.Text, [.. args]);
    }
}
