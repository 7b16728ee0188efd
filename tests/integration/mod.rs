mod api_cases;
mod biz;
mod desk_day;
mod faq_webshop;
