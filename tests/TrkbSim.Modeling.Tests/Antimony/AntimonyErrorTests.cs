using static TrkbSim.Modeling.Tests.Antimony.AntimonyAssert;

namespace TrkbSim.Modeling.Tests.Antimony;

/// <summary>Malformed models: each error names the problem and points at line and column.</summary>
public class AntimonyErrorTests
{
    [Fact]
    public void ReactionWithoutSemicolon() =>
        Error("k = 1\nJ1: A -> B k*A\n", 2, 12, "unterminated reaction", "reaction 'J1'", "';'", "found 'k'");

    [Fact]
    public void ReactionWithMissingSpecies() =>
        Error("J1: A + -> C; 1", 1, 9, "expected a species name", "found '->'");

    [Fact]
    public void ReactionCutOffAtEndOfFile() =>
        Error("k = 1\nJ1: A -> C; k *", 2, 16, "expected a number, a name or '('", "found end of file");

    [Fact]
    public void ReactionWithoutArrow() =>
        Error("J1: A + B ; k", 1, 11, "expected '+', '->' or '=>'", "found ';'");

    [Fact]
    public void BadCharacter() =>
        Error("k = 1\nx = 2 @ k", 2, 7, "unexpected character '@'");

    [Fact]
    public void UnterminatedBlockComment() =>
        Error("x = 1\n  /* never closed\n y = 2", 2, 3, "unterminated comment");

    [Fact]
    public void MissingEndOfModel() =>
        Error("model m\n  x = 1\n  y = 2\n", 4, 1, "missing 'end' for model 'm'", "line 1, column 1");

    [Fact]
    public void MissingEndOfFunction() =>
        Error("function f(x)\n  x*2\n", 3, 1, "missing 'end' for function 'f'");

    [Fact]
    public void UnknownFunction() =>
        Error("k = 1\ny := 2*foo(k, 3)", 2, 8, "unknown function 'foo'");

    [Fact]
    public void WrongNumberOfArgumentsToUserFunction() =>
        Error("function f(a, b) a*b end\nk = 1\ny := f(k)", 3, 6, "function 'f' takes 2 arguments, found 1");

    [Fact]
    public void WrongNumberOfArgumentsToBuiltIn() =>
        Error("k = 1\ny := exp(k, 2)", 2, 6, "exp takes 1 argument", "found 2");

    [Fact]
    public void UnknownIdentifierInRateLaw() =>
        Error("J1: A -> B; k1*A\n", 1, 13, "unknown identifier 'k1'", "define it");

    [Fact]
    public void UnknownIdentifierInEventTrigger() =>
        Error("x = 1\nat (y > 2): x = 3", 2, 5, "unknown identifier 'y'");

    [Fact]
    public void FunctionBodyUsesNonArgument() =>
        Error("k = 2\nfunction f(x)\n  x*k\nend", 3, 5, "'k' in function 'f' is not one of its arguments");

    [Fact]
    public void DuplicateAssignmentRule() =>
        Error("y = 1\nx := y\nx := 2*y", 3, 1, "'x' already has an assignment rule at line 2, column 1");

    [Fact]
    public void AssignmentRuleAndRateRule() =>
        Error("y = 1\nx := y\nx' = 2", 3, 1, "'x' already has an assignment rule", "cannot also have a rate rule");

    [Fact]
    public void DuplicateReactionId() =>
        Error("k = 1\nJ1: A -> B; k\nJ1: B -> C; k", 3, 1, "duplicate reaction id 'J1'", "line 2, column 1");

    [Fact]
    public void ConflictingKinds() =>
        Error("compartment A = 1\nJ1: A -> B; 1", 2, 5, "'A' is used as a species here but as a compartment at line 1, column 13");

    [Fact]
    public void AssignmentRuleCycle() =>
        Error("x := y + 1\ny := 2*x", 1, 1, "cycle", "x -> y -> x");

    [Fact]
    public void InitialValueCycle() =>
        Error("a = 1\nb = c*a\nc = b + 1", 2, 1, "cycle", "b -> c -> b");

    [Fact]
    public void SelfReferentialAssignmentRule() =>
        Error("k = 1\nx := x + k", 2, 1, "cycle", "x -> x");

    [Fact]
    public void DivisionByLiteralZero() =>
        Error("x = 1\ny := x / 0", 2, 10, "division by zero");

    [Fact]
    public void RateRuleOnConstant() =>
        Error("const k = 1\nk' = 2", 2, 1, "rate rule on 'k'", "declared const at line 1, column 7");

    [Fact]
    public void EventAssignmentToConstantSpecies() =>
        Error("const species S = 1\nat time > 1: S = 2", 2, 14, "event assignment to 'S'", "const");

    [Fact]
    public void SubmodelsAreNotSupported()
    {
        Error("model a()\n x = 1\nend\nmodel b()\n  A: a()\nend", 5, 6, "modules and submodels are not supported yet");
        Error("x = A.y + 1", 1, 5, "modules and submodels are not supported yet");
        Error("import \"other.ant\"", 1, 1, "modules and submodels are not supported yet");
    }

    [Fact]
    public void BadEventOption() =>
        Error("x = 1\nat x > 1, delay=2: x = 0", 2, 11, "unknown event option 'delay'");

    [Fact]
    public void EventWithoutColon() =>
        Error("x = 1\nat x > 1 x = 0", 2, 10, "expected ':'");

    [Fact]
    public void UnclosedParenthesis() =>
        Error("x = 1\ny := (x + 2\nz = 3", 3, 1, "expected ')' to close the '(' at 2:6");

    [Fact]
    public void GarbageAfterValue() =>
        Error("x = 1 2", 1, 7, "expected ';' or end of line after the value of 'x'", "found number '2'");

    [Fact]
    public void StatementsOutsideModelsWhenModelsExist() =>
        Error("x = 1\nmodel m\n y = 2\nend", 1, 1, "outside 'model ... end'");

    [Fact]
    public void EndWithoutModel() =>
        Error("x = 1\nend", 2, 1, "'end' without a matching 'model'");

    [Fact]
    public void KeywordAsName() =>
        Error("x := in + 1", 1, 6, "unexpected keyword 'in'");

    [Fact]
    public void RecursiveFunction() =>
        Error("function f(x) g(x) end\nfunction g(x) f(x) end\ny := f(1)", 1, 1, "calls itself", "f -> g -> f");

    [Fact]
    public void AssignmentRuleAndComputedInitialValue() =>
        Error("y = 1\nx = y + 1\nx := 2*y", 2, 1, "'x' has an assignment rule at line 3, column 1");

    [Fact]
    public void AssignmentToReaction() =>
        Error("k = 1\nJ1: A -> B; k\nJ1 := 2", 3, 1, "'J1' is a reaction; a rule can only set");

    [Fact]
    public void ErrorWithoutFileNameHasLineAndColumn()
    {
        var ex = Assert.Throws<ModelException>(() => TrkbSim.Modeling.Antimony.AntimonyReader.Parse("x := y"));
        Assert.Equal(new SourceLocation(null, 1, 6), ex.Location);
        Assert.StartsWith("1:6: unknown identifier 'y'", ex.UserMessage);
    }
}
