<?cs set:Page.Title = L.signup.step5 + " - " + L.signup.title ?><?cs include:"layout_head.cs" ?><?cs
def:rv(label, value, id) ?>
      <tr><th scope="row"><?cs var:label ?></th><td id="<?cs var:id ?>"><?cs var:value ?></td></tr><?cs /def ?><?cs
def:rv_address(p) ?><?cs
  call:rv(L.signup.postal_code, Query[p + "postal_code"], "rv-" + p + "postal_code") ?><?cs
  call:rv(L.signup.prefecture, Query[p + "prefecture"], "rv-" + p + "prefecture") ?><?cs
  call:rv(L.signup.address, Query[p + "address"], "rv-" + p + "address") ?><?cs
  call:rv(L.signup.phone, Query[p + "phone"], "rv-" + p + "phone") ?><?cs
/def ?>
<section class="card sg-card">
  <h1><?cs var:L.signup.title ?></h1>
<?cs include:"signup/steps.cs" ?>
  <p class="sg-intro"><?cs var:L.signup.review_intro ?></p><?cs if:Signup.ConfirmSubmit ?>
  <div class="warning sg-confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" id="confirm-box">
    <p id="confirm-title"><strong><?cs var:L.signup.confirm_title ?></strong></p>
    <p id="confirm-text"><?cs var:L.signup.confirm_text ?></p>
    <form method="post" action="/signup/review" class="sg-inline">
      <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
      <button type="submit" name="action" value="confirm" class="primary" id="confirm-submit" autofocus><?cs var:L.signup.confirm_yes ?></button>
      <a href="/signup/review" id="confirm-cancel"><?cs var:L.signup.confirm_no ?></a>
    </form>
  </div><?cs /if ?>

  <h2 class="sg-review-head"><?cs var:L.signup.company_info ?></h2>
  <table class="sg-review" id="review-basic"><tbody><?cs
    call:rv(L.signup.company, Query.company, "rv-company") ?><?cs
    call:rv(L.signup.name, Query.surname + " " + Query.given_name, "rv-name") ?><?cs
    call:rv(L.signup.department, Query.department, "rv-department") ?><?cs
    call:rv(L.signup.position, Query.position, "rv-position") ?><?cs
    call:rv(L.signup.email, Query.email, "rv-email") ?><?cs
    call:rv_address("") ?>
  </tbody></table>

  <h2 class="sg-review-head"><?cs var:L.signup.delivery_info ?></h2><?cs
  each:row = Signup.Rows ?>
  <table class="sg-review" id="review-<?cs var:row.p ?>"><?cs if:Signup.RowsCount > 1 ?>
    <caption><?cs var:L.signup.destination ?> <?cs name:row ?></caption><?cs /if ?><tbody><?cs
    call:rv(L.signup.company, Query[row.p + "company"], "rv-" + row.p + "company") ?><?cs
    call:rv(L.signup.name, Query[row.p + "surname"] + " " + Query[row.p + "given_name"], "rv-" + row.p + "name") ?><?cs
    call:rv(L.signup.department, Query[row.p + "department"], "rv-" + row.p + "department") ?><?cs
    call:rv_address(row.p) ?><?cs
    call:rv(L.signup.units, Query[row.p + "units"], "rv-" + row.p + "units") ?>
  </tbody></table><?cs /each ?><?cs

  if:Signup.HasQuestions ?>
  <h2 class="sg-review-head"><?cs var:L.signup.questions_info ?></h2>
  <table class="sg-review" id="review-questions"><tbody><?cs
    each:q = Signup.Questions ?><?cs
      if:q.kind == "yesno" ?><?cs
        if:Query[q.name] == "yes" ?><?cs set:rv_answer = L.signup.yes ?><?cs
        elif:Query[q.name] == "no" ?><?cs set:rv_answer = L.signup.no ?><?cs
        else ?><?cs set:rv_answer = "" ?><?cs /if ?><?cs
      else ?><?cs set:rv_answer = Query[q.name] ?><?cs /if ?><?cs
      call:rv(q.label, rv_answer, "rv-" + q.name) ?><?cs
    /each ?>
  </tbody></table><?cs /if ?>

  <h2 class="sg-review-head"><?cs var:L.signup.users_info ?></h2><?cs
  each:row = Signup.Users ?>
  <table class="sg-review" id="review-<?cs var:row.p ?>"><?cs if:Signup.UsersCount > 1 ?>
    <caption><?cs var:L.signup.user ?> <?cs name:row ?></caption><?cs /if ?><tbody><?cs
    call:rv(L.signup.name, Query[row.p + "surname"] + " " + Query[row.p + "given_name"], "rv-" + row.p + "name") ?><?cs
    call:rv(L.signup.email, Query[row.p + "email"], "rv-" + row.p + "email") ?><?cs
    call:rv(L.signup.mobile, Query[row.p + "mobile"], "rv-" + row.p + "mobile") ?>
  </tbody></table><?cs /each ?>

  <form method="post" action="/signup/review" class="sg-form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <div class="sg-buttons">
      <button type="submit" name="action" value="back" class="secondary" id="back"><?cs var:L.signup.back ?></button><?cs if:!Signup.ConfirmSubmit ?>
      <button type="submit" name="action" value="submit" class="primary" id="submit"><?cs var:L.signup.submit ?></button><?cs /if ?>
    </div>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
